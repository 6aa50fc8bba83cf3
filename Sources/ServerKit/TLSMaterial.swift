import Foundation
import NIOSSL

/// Where the certificate chain and key come from, and the server TLS context made of them.
///
/// Every protocol shares one context (as `tls_cert_file`/`tls_key_file` say); TLS 1.2 is the floor
/// (RFC 8314 §4.1, RFC 8996 retires 1.0 and 1.1).
public struct TLSMaterial: Sendable {
    /// The PEM certificate chain file.
    public let certificateFile: String
    /// The PEM private key file.
    public let keyFile: String

    /// Names existing files.
    public init(certificateFile: String, keyFile: String) {
        self.certificateFile = certificateFile
        self.keyFile = keyFile
    }

    /// The pair in `directory` (`tls-cert.pem`, `tls-key.pem`), made for `hostname` when missing.
    /// The key is written 0600 before any key byte goes in.
    public static func selfSigned(in directory: String, hostname: String) throws -> TLSMaterial {
        let material = TLSMaterial(certificateFile: directory + "/tls-cert.pem", keyFile: directory + "/tls-key.pem")
        let files = FileManager.default
        if files.fileExists(atPath: material.certificateFile), files.fileExists(atPath: material.keyFile) {
            return material
        }
        let pair: SelfSignedCertificate.PEMPair
        do {
            pair = try SelfSignedCertificate.make(hostname: hostname)
        } catch {
            throw ServerKitError.certificate(material.certificateFile, "cannot make a self-signed certificate: \(error)")
        }
        try write(pair.privateKey, to: material.keyFile, mode: 0o600)
        try write(pair.certificate, to: material.certificateFile, mode: 0o644)
        return material
    }

    /// Loads the files into a server context.
    public func makeServerContext() throws -> NIOSSLContext {
        let chain: [NIOSSLCertificate]
        do {
            chain = try NIOSSLCertificate.fromPEMFile(certificateFile)
        } catch {
            throw ServerKitError.certificate(certificateFile, "cannot read a PEM certificate: \(ServerKitError.reason(error))")
        }
        guard !chain.isEmpty else {
            throw ServerKitError.certificate(certificateFile, "no certificate in the file")
        }
        let key: NIOSSLPrivateKey
        do {
            key = try NIOSSLPrivateKey(file: keyFile, format: .pem)
        } catch {
            throw ServerKitError.certificate(keyFile, "cannot read a PEM private key: \(ServerKitError.reason(error))")
        }
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        configuration.minimumTLSVersion = .tlsv12
        do {
            return try NIOSSLContext(configuration: configuration)
        } catch {
            throw ServerKitError.certificate(keyFile, "the key does not fit the certificate or cannot be used: \(ServerKitError.reason(error))")
        }
    }

    private static func write(_ text: String, to path: String, mode: mode_t) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        guard fd >= 0 else {
            throw ServerKitError.certificate(path, "cannot create: \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
        guard written == bytes.count, fsync(fd) == 0 else {
            throw ServerKitError.certificate(path, "cannot write: \(String(cString: strerror(errno)))")
        }
    }
}
