import Crypto
import DNSProtocol
import NIOSSL
import Testing
import X509
@testable import OutboundDelivery

@Suite("The server's certificate under dane, verify and secure (RFC 6698, RFC 7672 §3, RFC 6125)")
struct PeerCertificateCheckTests {
    let pki: TestCertificates

    init() throws {
        pki = try TestCertificates()
    }

    func spki(_ certificate: Certificate) throws -> [UInt8] {
        try NIOSSLCertificate(bytes: certificate.der, format: .der).extractPublicKey().toSPKIBytes()
    }

    func dane(_ records: [TLSARecord], names: [String] = ["mx.example.org"]) -> CertificateRequirement {
        .dane(records, names: names.map { .host($0) })
    }

    @Test("DANE-EE 3 1 1 matches the leaf's key; its name and dates are not checked (RFC 7672 §3.1.1)")
    func daneEE() async throws {
        let leaf = try pki.leaf(["elsewhere.example"], selfSigned: true, expired: true)
        let record = TLSARecord(usage: 3, selector: 1, matchingType: 1, data: Array(SHA256.hash(data: try spki(leaf))))
        #expect(await PeerCertificateCheck.verify([leaf.der], against: dane([record])) == .trusted)
    }

    @Test("DANE-EE by the whole certificate, exactly (3 0 0) and by SHA-512 (3 0 2)")
    func daneEESelectors() async throws {
        let leaf = try pki.leaf(["mx.example.org"], selfSigned: true)
        let exact = TLSARecord(usage: 3, selector: 0, matchingType: 0, data: leaf.der)
        let sha512 = TLSARecord(usage: 3, selector: 0, matchingType: 2, data: Array(SHA512.hash(data: leaf.der)))
        #expect(await PeerCertificateCheck.verify([leaf.der], against: dane([exact])) == .trusted)
        #expect(await PeerCertificateCheck.verify([leaf.der], against: dane([sha512])) == .trusted)
    }

    @Test("a certificate that matches no TLSA record is refused")
    func daneMismatch() async throws {
        let leaf = try pki.leaf(["mx.example.org"], selfSigned: true)
        let other = try pki.leaf(["mx.example.org"], selfSigned: true)
        let record = TLSARecord(usage: 3, selector: 1, matchingType: 1, data: Array(SHA256.hash(data: try spki(other))))
        #expect(await PeerCertificateCheck.verify([leaf.der], against: dane([record])) != .trusted)
        #expect(await PeerCertificateCheck.verify([], against: dane([record])) != .trusted)
    }

    @Test("DANE-TA 2 0 1 names the CA the server sends; the leaf must chain to it and carry the MX name")
    func daneTA() async throws {
        let record = TLSARecord(usage: 2, selector: 0, matchingType: 1, data: Array(SHA256.hash(data: pki.ca.der)))
        let good = try pki.leaf(["mx.example.org"])
        #expect(await PeerCertificateCheck.verify([good.der, pki.ca.der], against: dane([record])) == .trusted)
        let misnamed = try pki.leaf(["www.example.org"])
        #expect(await PeerCertificateCheck.verify([misnamed.der, pki.ca.der], against: dane([record])) != .trusted)
        // The anchor must be in the chain the server sends (RFC 7672 §3.1.2), and sign the leaf.
        #expect(await PeerCertificateCheck.verify([good.der], against: dane([record])) != .trusted)
        let stranger = try pki.leaf(["mx.example.org"], selfSigned: true)
        #expect(await PeerCertificateCheck.verify([stranger.der, pki.ca.der], against: dane([record])) != .trusted)
        // A DANE-TA record does not make the leaf itself an anchor.
        let leafAsAnchor = TLSARecord(usage: 2, selector: 0, matchingType: 1, data: Array(SHA256.hash(data: stranger.der)))
        #expect(await PeerCertificateCheck.verify([stranger.der], against: dane([leafAsAnchor])) != .trusted)
    }

    @Test("verify: a chain to a trusted CA whose leaf names the host; an unknown CA, a wrong name or an expired leaf fail")
    func pkix() async throws {
        let roots = CertificateStore([pki.ca])
        let names: [CertificateName] = [.host("mx.example.org")]
        let good = try pki.leaf(["mx.example.org"])
        #expect(await PeerCertificateCheck.verify([good.der], against: .pkix(roots: roots, names: names)) == .trusted)
        let otherCA = try TestCertificates(caName: "Other CA")
        let foreign = try otherCA.leaf(["mx.example.org"])
        #expect(await PeerCertificateCheck.verify([foreign.der, otherCA.ca.der], against: .pkix(roots: roots, names: names)) != .trusted)
        let misnamed = try pki.leaf(["mx.example.net"])
        #expect(await PeerCertificateCheck.verify([misnamed.der], against: .pkix(roots: roots, names: names)) != .trusted)
        let expired = try pki.leaf(["mx.example.org"], expired: true)
        #expect(await PeerCertificateCheck.verify([expired.der], against: .pkix(roots: roots, names: names)) != .trusted)
    }

    @Test("names (RFC 6125 §6.4): case and a final dot ignored, a wildcard covers one label, .domain any name under it")
    func names() {
        #expect(CertificateName.host("mx.example.org").isMatched(by: "MX.Example.org."))
        #expect(CertificateName.host("mx.example.org").isMatched(by: "*.example.org"))
        #expect(!CertificateName.host("a.mx.example.org").isMatched(by: "*.example.org"))
        #expect(!CertificateName.host("example.org").isMatched(by: "*.example.org"))
        #expect(CertificateName.anyUnder("example.org").isMatched(by: "mx.eu.example.org"))
        #expect(!CertificateName.anyUnder("example.org").isMatched(by: "example.org"))
        #expect(!CertificateName.anyUnder("example.org").isMatched(by: "badexample.org"))
        #expect(CertificateName.resolving(["hostname", "nexthop", "dot-nexthop", ".example.net", "mx.example.com"],
                                          hostName: "MX.example.org", nextHop: "Example.org")
                == [.host("mx.example.org"), .host("example.org"), .anyUnder("example.org"), .anyUnder("example.net"),
                    .host("mx.example.com")])
    }

    @Test("without a subjectAltName, the subject's common name is the name (RFC 6125 §6.4.4)")
    func commonNameFallback() throws {
        let leaf = try pki.leaf([], commonName: "mx.example.org")
        #expect(PeerCertificateCheck.presentedNames(leaf) == ["mx.example.org"])
    }

    @Test("TLSA records SMTP can use (RFC 7672 §3.1): usage 2 or 3, selector 0 or 1, digest lengths right")
    func usable() {
        #expect(TLSARecord(usage: 3, selector: 1, matchingType: 1, data: .init(repeating: 1, count: 32)).isUsableForSMTP)
        #expect(TLSARecord(usage: 2, selector: 0, matchingType: 2, data: .init(repeating: 1, count: 64)).isUsableForSMTP)
        #expect(!TLSARecord(usage: 1, selector: 1, matchingType: 1, data: .init(repeating: 1, count: 32)).isUsableForSMTP)
        #expect(!TLSARecord(usage: 3, selector: 2, matchingType: 1, data: .init(repeating: 1, count: 32)).isUsableForSMTP)
        #expect(!TLSARecord(usage: 3, selector: 1, matchingType: 1, data: .init(repeating: 1, count: 31)).isUsableForSMTP)
        #expect(TLSARecord(rdata: [3, 1, 1]) == nil)
        #expect(TLSARecord(rdata: [3, 1, 1, 0xab]) == TLSARecord(usage: 3, selector: 1, matchingType: 1, data: [0xab]))
    }

    @Test("what the log and the deferral quote of a certificate is on one line, and lists at most three of its names")
    func quotedCertificateText() async throws {
        let hostile = try pki.leaf(["a.example\r\nX-Injected: 1", "b.example", "c.example", "d.example"],
                                   commonName: "mx\r\nX-Injected: 2")
        let logged = PeerCertificateRecord(requirement: .any)
        #expect(await logged.verifier([hostile.der]))
        let summary = try #require(logged.summary)
        #expect(!summary.contains("\r") && !summary.contains("\n") && summary.hasPrefix("subject_CN=mx  X-Injected: 2,"))
        let refused = PeerCertificateRecord(requirement: .pkix(roots: CertificateStore([pki.ca]), names: [.host("mx.example.org")]))
        #expect(await !refused.verifier([hostile.der]))
        let refusal = try #require(refused.refusal)
        #expect(!refusal.contains("\r") && !refusal.contains("\n"))
        #expect(refusal.contains("c.example, …") && !refusal.contains("d.example"))
    }
}
