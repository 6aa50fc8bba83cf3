import Crypto
import Foundation
import SwiftASN1
import X509

/// Certificates for the TLS tests: a CA, leaves it signs, self-signed leaves; P-256 keys (quick to make).
struct TestCertificates {
    let caKey = P256.Signing.PrivateKey()
    let ca: Certificate

    init(caName: String = "Test CA") throws {
        let key = Certificate.PrivateKey(caKey)
        let name = try DistinguishedName { CommonName(caName) }
        ca = try Certificate(
            version: .v3, serialNumber: .init(), publicKey: key.publicKey,
            notValidBefore: Date().addingTimeInterval(-3600), notValidAfter: Date().addingTimeInterval(86_400),
            issuer: name, subject: name, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: nil))
                Critical(KeyUsage(keyCertSign: true))
            },
            issuerPrivateKey: key)
    }

    /// A leaf for `names` signed by the CA (or by itself), valid now unless `expired`.
    func leaf(_ names: [String], commonName: String? = nil, selfSigned: Bool = false, expired: Bool = false) throws -> Certificate {
        let key = Certificate.PrivateKey(P256.Signing.PrivateKey())
        let subject = try DistinguishedName { CommonName(commonName ?? names.first ?? "server") }
        let end = expired ? Date().addingTimeInterval(-60) : Date().addingTimeInterval(86_400)
        return try Certificate(
            version: .v3, serialNumber: .init(), publicKey: key.publicKey,
            notValidBefore: Date().addingTimeInterval(-7200), notValidAfter: end,
            issuer: selfSigned ? subject : ca.subject, subject: subject, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                SubjectAlternativeNames(names.map { GeneralName.dnsName($0) })
            },
            issuerPrivateKey: selfSigned ? key : Certificate.PrivateKey(caKey))
    }
}

extension Certificate {
    var der: [UInt8] {
        var serializer = DER.Serializer()
        try! serializer.serialize(self)
        return serializer.serializedBytes
    }
}
