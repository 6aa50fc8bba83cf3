import Foundation
import SwiftASN1
import X509
import _CryptoExtras

/// Makes the self-signed certificate that lets TLS work on first start, before the operator installs a
/// real one (as Dovecot's and Postfix's packages generate a "snakeoil" pair at install time).
///
/// The key is RSA 2048, which every mail client in use (including old Outlook and Foxmail builds) accepts;
/// the certificate names `hostname` in its subject and subjectAltName (RFC 6125 §6.4).
public enum SelfSignedCertificate {
    /// A certificate and key in PEM.
    public struct PEMPair: Sendable {
        /// The certificate, `-----BEGIN CERTIFICATE-----`.
        public let certificate: String
        /// The private key.
        public let privateKey: String
    }

    /// Makes a new pair for `hostname`, valid from an hour ago for `validity`.
    public static func make(hostname: String, validity: Duration = .seconds(10 * 365 * 86_400),
                            now: Date = Date()) throws -> PEMPair {
        let rsaKey = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let key = Certificate.PrivateKey(rsaKey)
        let name = try DistinguishedName {
            CommonName(hostname)
            OrganizationName("mailroom self-signed")
        }
        let certificate = try Certificate(
            version: .v3,
            serialNumber: Certificate.SerialNumber(),
            publicKey: key.publicKey,
            notValidBefore: now.addingTimeInterval(-3600),
            notValidAfter: now.addingTimeInterval(TimeInterval(validity.components.seconds)),
            issuer: name,
            subject: name,
            signatureAlgorithm: .sha256WithRSAEncryption,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true, keyEncipherment: true))
                try ExtendedKeyUsage([.serverAuth])
                SubjectAlternativeNames([.dnsName(hostname)])
            },
            issuerPrivateKey: key
        )
        return PEMPair(certificate: try certificate.serializeAsPEM().pemString,
                       privateKey: try key.serializeAsPEM().pemString)
    }
}
