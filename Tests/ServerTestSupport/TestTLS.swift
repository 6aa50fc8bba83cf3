import NIOSSL
import ServerKit

/// A server TLS context with a self-signed certificate for `mail.example.test`, made once per test run.
public enum TestTLS {
    public static let serverContext: NIOSSLContext = {
        let pair = try! SelfSignedCertificate.make(hostname: "mail.example.test")
        let configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: try! NIOSSLCertificate.fromPEMBytes(Array(pair.certificate.utf8)).map { .certificate($0) },
            privateKey: .privateKey(try! NIOSSLPrivateKey(bytes: Array(pair.privateKey.utf8), format: .pem)))
        return try! NIOSSLContext(configuration: configuration)
    }()
}
