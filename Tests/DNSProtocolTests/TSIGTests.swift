import MailCore
import Testing

@testable import DNSProtocol

/// Vectors produced by `scripts/tsig_vectors.py` with dnspython 2.9 at time 1 700 000 000.
enum TSIGVectors {
    static let now: UInt64 = 1_700_000_000
    static let secret = "bWFpbHJvb20tdHNpZy10ZXN0LXNlY3JldC0zMi1ieXRlcyE="
    static let sha256Key = TSIGKey(name: name("xfr-key"), algorithm: .hmacSHA256, base64Secret: secret)!
    static let sha512Key = TSIGKey(name: name("sha512-key"), algorithm: .hmacSHA512, base64Secret: secret)!
    static let sha1Key = TSIGKey(name: name("sha1-key"), algorithm: .hmacSHA1, base64Secret: secret)!
    static let keyring = TSIGKeyring(keys: [sha256Key, sha512Key, sha1Key])

    /// dnspython: `example.test. AXFR`, id 0x2a2a, signed with xfr-key (hmac-sha256).
    static let axfrRequest = hexBytes(
        "2a2a00000001000000000001076578616d706c6504746573740000fc0001077866722d6b65790000fa00ff00000000003d0b686d61632d"
            + "7368613235360000006553f100012c0020db94804f6fcaff0b23cb5fec5f33f2882227786ed6b2d2a98d18a7f563c5b94a2a2a00000000")
    /// dnspython: `Example.TEST. SOA`, id 0x0102, signed with sha512-key.
    static let sha512Request = hexBytes(
        "010200000001000000000001074578616d706c65045445535400000600010a7368613531322d6b65790000fa00ff00000000005d0b686d"
            + "61632d7368613531320000006553f100012c0040f4ec95b45497fc9d3b071088426385e6798ae59bbd223764349793ecedd896af0f"
            + "bcaaaf997a13d9d59215e0b967dac0eaee4e9c2d278dc9096e08a130c27825010200000000")
    /// dnspython: `example.test. SOA`, id 0xbeef, signed with sha1-key.
    static let sha1Request = hexBytes(
        "beef00000001000000000001076578616d706c650474657374000006000108736861312d6b65790000fa00ff00000000002f09686d61632d"
            + "736861310000006553f100012c00148bdb2e91c6eae15f416b44c3a6a8d6e7a2e5279dbeef00000000")
    /// dnspython: `example.test. SOA`, id 0x0707, signed with xfr-key.
    static let soaRequest = hexBytes(
        "070700000001000000000001076578616d706c6504746573740000060001077866722d6b65790000fa00ff00000000003d0b686d61632d"
            + "7368613235360000006553f100012c0020af37a467e6359808c12f6b67b16c3435fa4648f79485c8811b782a8d095e66fc070700000000")
    /// dnspython's signed AA answer to `soaRequest` carrying the zone's SOA.
    static let soaResponse = hexBytes(
        "070784000001000100000001076578616d706c6504746573740000060001c00c0006000100000e100027036e7331c00c0a686f73746d6173"
            + "746572c00c78a3f17500001c2000000e10001275000000012c077866722d6b65790000fa00ff00000000003d0b686d61632d7368613235"
            + "360000006553f100012c002014d4a150c536cf773e1742ef884fdc322f08531b05e604b48d37ecede7366883070700000000")

    static let soa = ResourceRecord(
        name: name("example.test"), ttl: 3600,
        data: .soa(
            StartOfAuthority(
                primaryServer: name("ns1.example.test"), responsibleMailbox: name("hostmaster.example.test"),
                serial: 2_024_010_101, refresh: 7200, retry: 3600, expire: 1_209_600, minimum: 300)))
}

@Suite("TSIG (RFC 8945)")
struct TSIGTests {
    private func verify(_ wire: [UInt8], keyring: TSIGKeyring = TSIGVectors.keyring, now: UInt64 = TSIGVectors.now)
        throws -> TSIGVerification
    {
        keyring.verifyRequest(try DNSDecodedMessage(wire: wire), now: now)
    }

    private func rejection(_ verification: TSIGVerification) -> TSIGRejection? {
        if case .rejected(let rejection) = verification { return rejection }
        return nil
    }

    private func answer(to request: DNSMessage, records: [ResourceRecord]) -> DNSMessage {
        var flags = DNSHeaderFlags()
        flags.isResponse = true
        flags.authoritativeAnswer = true
        return DNSMessage(id: request.id, flags: flags, questions: request.questions, answers: records)
    }

    @Test("RFC 8945 §5.2: requests signed by dnspython verify (hmac-sha256, hmac-sha512, hmac-sha1)")
    func dnspythonRequestsVerify() throws {
        for wire in [TSIGVectors.axfrRequest, TSIGVectors.sha512Request, TSIGVectors.sha1Request, TSIGVectors.soaRequest] {
            guard case .verified = try verify(wire) else {
                Issue.record("not verified: \(hexString(wire))")
                continue
            }
        }
    }

    @Test("RFC 8945 §5.1: a request signed here is octet-identical to dnspython's")
    func requestSigningMatchesDnspython() throws {
        let request = try DNSMessage(wire: TSIGVectors.soaRequest)
        #expect(TSIGVectors.sha256Key.signRequest(request, now: TSIGVectors.now) == TSIGVectors.soaRequest)
    }

    @Test("RFC 8945 §5.3: the signed response is octet-identical to dnspython's")
    func responseSigningMatchesDnspython() throws {
        let decoded = try DNSDecodedMessage(wire: TSIGVectors.soaRequest)
        guard case .verified(var signer) = TSIGVectors.keyring.verifyRequest(decoded, now: TSIGVectors.now) else {
            Issue.record("request did not verify")
            return
        }
        let wire = signer.sign(answer(to: decoded.message, records: [TSIGVectors.soa]), now: TSIGVectors.now)
        #expect(wire == TSIGVectors.soaResponse)
    }

    @Test("RFC 8945 §5.2.2: a request signed with another secret gets BADSIG and an unsigned answer")
    func wrongSecretIsBadSig() throws {
        let impostor = TSIGKey(name: name("xfr-key"), algorithm: .hmacSHA256, secret: Array("not the secret".utf8))
        let verification = try verify(TSIGVectors.axfrRequest, keyring: TSIGKeyring(keys: [impostor]))
        let rejected = try #require(rejection(verification))
        #expect(rejected.error == .badSignature)
        let request = try DNSMessage(wire: TSIGVectors.axfrRequest)
        let response = try DNSMessage(wire: rejected.errorResponse(for: request, now: TSIGVectors.now))
        #expect(response.id == request.id)
        #expect(response.responseCode == .notAuthorized)
        #expect(response.tsig?.error == .badSignature)
        #expect(response.tsig?.mac == [])
        #expect(response.tsig?.keyName == name("xfr-key"))
    }

    @Test("RFC 8945 §5.2.2: a request altered after signing gets BADSIG")
    func tamperedRequestIsBadSig() throws {
        var wire = TSIGVectors.axfrRequest
        wire[13] = UInt8(ascii: "E")  // "example" -> "Example": same name, different octets
        #expect(try rejection(verify(wire))?.error == .badSignature)
    }

    @Test("RFC 8945 §5.2.1: an unknown key name, or a known name with another algorithm, gets BADKEY")
    func unknownKeyIsBadKey() throws {
        let renamed = TSIGKey(name: name("other-key"), algorithm: .hmacSHA256, base64Secret: TSIGVectors.secret)!
        let rejected = try #require(rejection(verify(TSIGVectors.axfrRequest, keyring: TSIGKeyring(keys: [renamed]))))
        #expect(rejected.error == .badKey)
        let request = try DNSMessage(wire: TSIGVectors.axfrRequest)
        let response = try DNSMessage(wire: rejected.errorResponse(for: request, now: TSIGVectors.now))
        #expect(response.tsig?.error == .badKey)
        #expect(response.responseCode == .notAuthorized)
        let otherAlgorithm = TSIGKey(name: name("xfr-key"), algorithm: .hmacSHA512, base64Secret: TSIGVectors.secret)!
        #expect(try rejection(verify(TSIGVectors.axfrRequest, keyring: TSIGKeyring(keys: [otherAlgorithm])))?.error == .badKey)
    }

    @Test("RFC 8945 §5.2.3: a time outside the fudge gets BADTIME, answered signed with the server time")
    func skewIsBadTime() throws {
        let late = TSIGVectors.now + 301
        #expect(try rejection(verify(TSIGVectors.axfrRequest, now: TSIGVectors.now + 300)) == nil)
        #expect(try rejection(verify(TSIGVectors.axfrRequest, now: TSIGVectors.now - 300)) == nil)
        #expect(try rejection(verify(TSIGVectors.axfrRequest, now: TSIGVectors.now - 301))?.error == .badTime)
        let rejected = try #require(rejection(verify(TSIGVectors.axfrRequest, now: late)))
        #expect(rejected.error == .badTime)
        let request = try DNSMessage(wire: TSIGVectors.axfrRequest)
        let response = try DNSMessage(wire: rejected.errorResponse(for: request, now: late))
        let tsig = try #require(response.tsig)
        #expect(tsig.error == .badTime)
        #expect(tsig.timeSigned == TSIGVectors.now)
        #expect(tsig.otherData == [0, 0, 0x65, 0x53, 0xf2, 0x2d])
        #expect(tsig.mac.count == 32)
        #expect(response.responseCode == .notAuthorized)
        // At now + 1000 the answer is exactly this; its MAC was checked with dnspython's
        // `dns.tsig._digest` (dnspython's reader itself stops at PeerBadTime before the MAC).
        let farFuture = try #require(rejection(verify(TSIGVectors.axfrRequest, now: TSIGVectors.now + 1000)))
        #expect(
            farFuture.errorResponse(for: request, now: TSIGVectors.now + 1000)
                == hexBytes(
                    "2a2a80090001000000000001076578616d706c6504746573740000fc0001077866722d6b65790000fa00ff0000000000430b686d"
                        + "61632d7368613235360000006553f100012c00203d60629a4601c700199a56ebd5e14aa7ab23f73337173fe7001900e17fbb"
                        + "c0762a2a0012000600006553f4e8"))
    }

    @Test("RFC 8945 §5.2.2.1: truncated MACs verify down to max(10, half), shorter ones are FORMERR")
    func macTruncation() throws {
        var message = try DNSMessage(wire: TSIGVectors.axfrRequest)
        var tsig = try #require(message.tsig)
        let fullMAC = tsig.mac
        tsig.mac = Array(fullMAC.prefix(16))
        message.tsig = tsig
        guard case .verified = try verify(message.encoded()) else {
            Issue.record("16-octet hmac-sha256 MAC should verify")
            return
        }
        tsig.mac = Array(fullMAC.prefix(15))
        message.tsig = tsig
        #expect(try rejection(verify(message.encoded()))?.error == .formatError)
        tsig.mac = fullMAC + [0]
        message.tsig = tsig
        #expect(try rejection(verify(message.encoded()))?.error == .formatError)
        tsig.mac = []
        message.tsig = tsig
        let rejected = try #require(rejection(verify(message.encoded())))
        #expect(rejected.error == .formatError)
        let response = try DNSMessage(wire: rejected.errorResponse(for: message, now: TSIGVectors.now))
        #expect(response.responseCode == .formatError)
        #expect(response.tsig == nil)
    }

    @Test("an unsigned request is reported as such, not rejected")
    func unsignedRequest() throws {
        let query = DNSMessage(id: 1, questions: [DNSQuestion(name: name("example.test"), type: .soa)])
        guard case .unsigned = try verify(query.encoded()) else {
            Issue.record("expected .unsigned")
            return
        }
    }

    @Test("BIND-style base64 secrets decode; malformed ones are refused")
    func base64Secrets() {
        #expect(TSIGKey.decodeBase64("bWFp bHJv\nb20=") == Array("mailroom".utf8))
        #expect(TSIGKey.decodeBase64("TWE=") == Array("Ma".utf8))
        #expect(TSIGKey.decodeBase64("TQ==") == Array("M".utf8))
        #expect(TSIGKey.decodeBase64("TQ==TQ") == nil)
        #expect(TSIGKey.decodeBase64("T!") == nil)
        #expect(TSIGKey(name: name("k"), algorithm: .hmacSHA256, base64Secret: "") == nil)
        #expect(TSIGAlgorithm(named: "HMAC-SHA256.") == .hmacSHA256)
        #expect(TSIGAlgorithm(named: "hmac-md5.sig-alg.reg.int") == nil)
    }
}
