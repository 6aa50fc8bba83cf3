import Crypto
import MailCore
import MailQueue
import SwiftASN1
import ServerKit
import Synchronization
import X509

/// What one connection's TLS handshake learned of the server's certificate: the verifier checks the
/// chain against the connection's ``CertificateRequirement`` and keeps the leaf and the verdict for
/// the log and the deferral reason.
final class PeerCertificateRecord: Sendable {
    private struct Seen {
        var leaf: [UInt8]?
        var verdict: PeerCertificateCheck.Verdict?
    }
    private let seen = Mutex(Seen())
    private let requirement: CertificateRequirement

    init(requirement: CertificateRequirement) {
        self.requirement = requirement
    }

    /// The verifier for ``ServerKit/Connection/connect(to:name:connectTimeout:writeTimeout:tls:serverHostname:verifyPeer:maximumLineLength:)``.
    var verifier: PeerCertificateVerifier {
        { [self] chain in
            let verdict = await PeerCertificateCheck.verify(chain, against: requirement)
            seen.withLock { $0 = Seen(leaf: chain.first, verdict: verdict) }
            return verdict == .trusted
        }
    }

    /// Why the certificate was refused, on one line (it may quote the certificate's names); `nil`
    /// when it was not (or no handshake got that far).
    var refusal: String? {
        seen.withLock { seen in
            if case .untrusted(let reason)? = seen.verdict { return DeliveryFailure.oneLine(reason) }
            return nil
        }
    }

    /// The leaf as Postfix logs a peer: `subject_CN=mx.example.org, issuer_CN=Example CA,
    /// pkey_fingerprint=SHA256:AB:CD:…` (the SHA-256 of its SubjectPublicKeyInfo, what a
    /// `3 1 1` TLSA record holds); `nil` when none was seen. The names are the server's text, so
    /// control characters are replaced before they reach the log.
    var summary: String? {
        guard let der = seen.withLock({ $0.leaf }), let certificate = try? Certificate(derEncoded: der) else { return nil }
        func commonName(_ name: DistinguishedName) -> String {
            DeliveryFailure.oneLine(PeerCertificateCheck.commonNames(name).first ?? "")
        }
        var text = "subject_CN=\(commonName(certificate.subject)), issuer_CN=\(commonName(certificate.issuer))"
        if let key = PeerCertificateCheck.subjectPublicKeyInfo(der) {
            text += ", pkey_fingerprint=SHA256:" + SHA256.hash(data: key).map(\.upperHex).joined(separator: ":")
        }
        return text
    }
}
