import Crypto
import DNSProtocol
import NIOSSL
import SwiftASN1
import X509

/// Decides whether a server's certificate chain meets a ``CertificateRequirement``: DANE matching
/// (RFC 6698 §2.1, RFC 7672 §3), chain validation to a trust anchor (RFC 5280 §6) and name matching
/// (RFC 6125 §6). Works on the chain as the server sent it, in DER, leaf first.
enum PeerCertificateCheck {
    /// The answer: trusted, or why not (for the log and the deferral reason).
    enum Verdict: Equatable, Sendable {
        case trusted
        case untrusted(String)
    }

    static func verify(_ chain: [[UInt8]], against requirement: CertificateRequirement) async -> Verdict {
        if case .any = requirement { return .trusted }
        guard let leafDER = chain.first else { return .untrusted("the server sent no certificate") }
        let certificates: [Certificate]
        do {
            certificates = try chain.map { try Certificate(derEncoded: $0) }
        } catch {
            return .untrusted("the server's certificate cannot be parsed")
        }
        switch requirement {
        case .any:
            return .trusted
        case .dane(let records, let names):
            // DANE-EE (3): the leaf itself, its names and dates not checked (RFC 7672 §3.1.1).
            for record in records where record.usage == 3 {
                if matches(record, der: leafDER) { return .trusted }
            }
            // DANE-TA (2): a certificate the server sent above its leaf is the trust anchor
            // (RFC 7672 §3.1.2); the chain to it and the leaf's name are checked as in PKIX.
            for record in records where record.usage == 2 {
                for index in certificates.indices.dropFirst() where matches(record, der: chain[index]) {
                    let verdict = await validate(certificates, roots: CertificateStore([certificates[index]]), names: names)
                    if verdict == .trusted { return verdict }
                }
            }
            return .untrusted("no certificate matches the TLSA records")
        case .pkix(let roots, let names):
            return await validate(certificates, roots: roots, names: names)
        }
    }

    /// True when `record` names this certificate (RFC 6698 §2.1.2, §2.1.3).
    static func matches(_ record: TLSARecord, der: [UInt8]) -> Bool {
        let selected: [UInt8]
        switch record.selector {
        case 0: selected = der
        case 1:
            guard let key = subjectPublicKeyInfo(der) else { return false }
            selected = key
        default: return false
        }
        switch record.matchingType {
        case 0: return selected == record.data
        case 1: return Array(SHA256.hash(data: selected)) == record.data
        case 2: return Array(SHA512.hash(data: selected)) == record.data
        default: return false
        }
    }

    /// A chain from the leaf to one of `roots`, valid now (RFC 5280 §6), with a leaf naming one of `names`.
    private static func validate(_ certificates: [Certificate], roots: CertificateStore, names: [CertificateName]) async -> Verdict {
        var verifier = Verifier(rootCertificates: roots) { RFC5280Policy() }
        let result = await verifier.validate(leaf: certificates[0], intermediates: CertificateStore(certificates.dropFirst()))
        guard case .validCertificate = result else { return .untrusted("the certificate chain is not trusted") }
        let presented = presentedNames(certificates[0])
        guard names.contains(where: { name in presented.contains(where: name.isMatched) }) else {
            let wanted = names.map(\.description).joined(separator: ", ")
            // The server chose these names: a few of them are enough to tell what went wrong.
            let shown = presented.prefix(3).joined(separator: ", ") + (presented.count > 3 ? ", …" : "")
            return .untrusted("the certificate names \(shown), not \(wanted)")
        }
        return .trusted
    }

    /// The DNS names of the subjectAltName extension; the subject's common names when it has none
    /// (RFC 6125 §6.4.4).
    static func presentedNames(_ certificate: Certificate) -> [String] {
        let alternatives = (try? certificate.extensions.subjectAlternativeNames).flatMap { $0 } ?? SubjectAlternativeNames([])
        let dnsNames = alternatives.compactMap { name -> String? in
            if case .dnsName(let value) = name { return value }
            return nil
        }
        guard dnsNames.isEmpty else { return dnsNames }
        return commonNames(certificate.subject)
    }

    /// The common names (CN) of a distinguished name.
    static func commonNames(_ name: DistinguishedName) -> [String] {
        name.flatMap { $0 }.filter { $0.type == .RDNAttributeType.commonName }.map(\.value.description)
    }

    /// The DER SubjectPublicKeyInfo of a certificate in DER (what selector 1 of a TLSA record names).
    static func subjectPublicKeyInfo(_ der: [UInt8]) -> [UInt8]? {
        try? NIOSSLCertificate(bytes: der, format: .der).extractPublicKey().toSPKIBytes()
    }
}
