import MailCore
import Testing

@testable import DNSProtocol

@Suite("TSIG multi-message signing (RFC 8945 §5.3.1)")
struct TSIGStreamTests {
    /// The AXFR of a small zone answering `TSIGVectors.axfrRequest`, in three messages.
    static func axfrMessages(for request: DNSMessage) -> [DNSMessage] {
        var flags = DNSHeaderFlags()
        flags.isResponse = true
        flags.authoritativeAnswer = true
        let mx = ResourceRecord(name: name("example.test"), ttl: 3600, data: .mx(preference: 10, exchange: name("mail.example.test")))
        let a = ResourceRecord(name: name("mail.example.test"), ttl: 3600, data: .a(IPAddress("192.0.2.25")!))
        let parts = [[TSIGVectors.soa, mx], [a], [TSIGVectors.soa]]
        return parts.enumerated().map { index, records in
            DNSMessage(id: request.id, flags: flags, questions: index == 0 ? request.questions : [], answers: records)
        }
    }

    /// The stream this signer produced at `TSIGVectors.now`, checked with
    /// `scripts/tsig_vectors.py verify <axfrRequest> <m0> <m1> <m2>` (dnspython 2.9: "OK").
    static let expectedStream: [String] = [
        "2a2a84000001000200000001076578616d706c6504746573740000fc0001c00c0006000100000e100027036e7331c00c0a68"
            + "6f73746d6173746572c00c78a3f17500001c2000000e10001275000000012cc00c000f000100000e100009000a046d61696c"
            + "c00c077866722d6b65790000fa00ff00000000003d0b686d61632d7368613235360000006553f100012c00208ca57a5a095a"
            + "cb9bb9e5fbd27ec7c5d2c4cfd045d1647f50dc91d5149d5319d62a2a00000000",
        "2a2a84000000000100000001046d61696c076578616d706c650474657374000001000100000e100004c0000219077866722d"
            + "6b65790000fa00ff00000000003d0b686d61632d7368613235360000006553f101012c00201688334b99db9cdb4f9ce869a8"
            + "c7a7b214f9d3416189224f2e43a06c73f152b62a2a00000000",
        "2a2a84000000000100000001076578616d706c650474657374000006000100000e100027036e7331c00c0a686f73746d6173"
            + "746572c00c78a3f17500001c2000000e10001275000000012c077866722d6b65790000fa00ff00000000003d0b686d61632d"
            + "7368613235360000006553f102012c0020f3605b9ec632df13f061a9636b9fff09bd671cdf7c5c204f8bee0ebbbbeb983f2a"
            + "2a00000000",
    ]

    @Test("RFC 8945 §5.3.1: an AXFR stream signed here verifies in dnspython as one transfer")
    func axfrStream() throws {
        let decoded = try DNSDecodedMessage(wire: TSIGVectors.axfrRequest)
        guard case .verified(var signer) = TSIGVectors.keyring.verifyRequest(decoded, now: TSIGVectors.now) else {
            Issue.record("request did not verify")
            return
        }
        let wires = TSIGStreamTests.axfrMessages(for: decoded.message).enumerated().map { index, message in
            signer.sign(message, now: TSIGVectors.now + UInt64(index))
        }
        #expect(signer.signedCount == 3)
        #expect(wires.map(hexString) == TSIGStreamTests.expectedStream)
        for wire in wires {
            let message = try DNSMessage(wire: wire)
            #expect(message.tsig?.keyName == name("xfr-key"))
            #expect(message.tsig?.mac.count == 32)
        }
    }

    @Test("RFC 8945 §5.3: TSIG space is reserved when a signed answer must be truncated")
    func truncatedSignedAnswer() throws {
        let decoded = try DNSDecodedMessage(wire: TSIGVectors.soaRequest)
        guard case .verified(var signer) = TSIGVectors.keyring.verifyRequest(decoded, now: TSIGVectors.now) else {
            Issue.record("request did not verify")
            return
        }
        var flags = DNSHeaderFlags()
        flags.isResponse = true
        let records = (0..<40).map { index in
            ResourceRecord(name: name("h\(index).example.test"), ttl: 60, data: .a(IPAddress(bytes: [192, 0, 2, UInt8(index)])!))
        }
        let response = DNSMessage(id: decoded.message.id, flags: flags, questions: decoded.message.questions, answers: records)
        let wire = signer.sign(response, now: TSIGVectors.now, maximumSize: 512)
        #expect(wire.count <= 512)
        let message = try DNSMessage(wire: wire)
        #expect(message.flags.truncated)
        #expect(message.tsig != nil)
    }
}
