import Testing

@testable import DNSProtocol

@Suite("DNS wire decoding")
struct DNSWireDecodingTests {
    @Test("RFC 1035 §4.1.4: the F.ISI.ARPA / FOO.F.ISI.ARPA / ARPA compression example")
    func rfcCompressionExample() throws {
        var bytes = [UInt8](repeating: 0, count: 80)
        let fIsiArpa: [UInt8] = [1, 0x46, 3, 0x49, 0x53, 0x49, 4, 0x41, 0x52, 0x50, 0x41, 0]
        bytes.replaceSubrange(20..<32, with: fIsiArpa)
        bytes.replaceSubrange(40..<46, with: [3, 0x46, 0x4f, 0x4f, 0xc0, 20])
        bytes.replaceSubrange(64..<66, with: [0xc0, 26])
        var reader = DNSWireReader(bytes: bytes, offset: 20)
        #expect(try reader.readName() == name("F.ISI.ARPA"))
        #expect(reader.offset == 32)
        reader = DNSWireReader(bytes: bytes, offset: 40)
        #expect(try reader.readName() == name("FOO.F.ISI.ARPA"))
        #expect(reader.offset == 46)
        reader = DNSWireReader(bytes: bytes, offset: 64)
        #expect(try reader.readName() == name("ARPA"))
        #expect(reader.offset == 66)
        reader = DNSWireReader(bytes: bytes, offset: 70)
        #expect(try reader.readName() == .root)
    }

    @Test("RFC 1035 §4.1.4: a pointer to itself (a loop) is rejected")
    func pointerLoop() {
        let wire = header(qd: 1) + [0xc0, 12, 0, 1, 0, 1]
        #expect(decodeError(wire)?.code == .badPointer)
        // Two names pointing at each other: the second points back, the first forward.
        let pair = header(qd: 2) + [0xc0, 18, 0, 1, 0, 1] + [0xc0, 12, 0, 1, 0, 1]
        #expect(decodeError(pair)?.code == .badPointer)
    }

    @Test("RFC 1035 §4.1.4: forward pointers and pointers past the end are rejected")
    func forwardPointer() {
        let forward = header(qd: 1) + [0xc0, 18, 0, 1, 0, 1] + nameWire("a.test")
        #expect(decodeError(forward)?.code == .badPointer)
        let pastEnd = header(qd: 1) + [0xc3, 0xff, 0, 1, 0, 1]
        #expect(decodeError(pastEnd)?.code == .badPointer)
        let cutPointer = header(qd: 1) + [0xc0]
        #expect(decodeError(cutPointer)?.code == .truncatedMessage)
    }

    @Test("RFC 6891 §5: label types 0b01 and 0b10 are rejected")
    func reservedLabelTypes() {
        #expect(decodeError(header(qd: 1) + [0x41, 0, 0, 1, 0, 1])?.code == .badLabelType)
        #expect(decodeError(header(qd: 1) + [0x80, 0, 0, 1, 0, 1])?.code == .badLabelType)
    }

    @Test("RFC 1035 §4.1.1: a header shorter than 12 octets has no ID to echo")
    func truncatedHeader() {
        let error = decodeError([0x12, 0x34, 0x01])
        #expect(error?.code == .truncatedMessage)
        #expect(error?.messageID == nil)
        #expect(decodeError([])?.code == .truncatedMessage)
    }

    @Test("RFC 1035 §4.1.1: section counts must match the content, and the ID is kept for FORMERR")
    func countMismatch() {
        let question = nameWire("example.test") + [0, 1, 0, 1]
        let tooFew = decodeError(header(id: 0xabcd, qd: 2) + question)
        #expect(tooFew?.code == .truncatedMessage)
        #expect(tooFew?.messageID == 0xabcd)
        #expect(tooFew?.isQuery == true)
        #expect(tooFew?.opcode == .query)
        let tooMany = decodeError(header(id: 0xabcd, qd: 1) + question + [0])
        #expect(tooMany?.code == .trailingBytes)
        let response = decodeError(header(id: 7, flags: 0x8000, qd: 2) + question)
        #expect(response?.isQuery == false)
    }

    @Test("RFC 1035 §2.3.4: names over 255 octets are rejected, also when built from pointers")
    func oversizedName() {
        let label = [UInt8(63)] + [UInt8](repeating: 0x61, count: 63)
        let direct = header(qd: 1) + label + label + label + label + [0, 0, 1, 0, 1]
        #expect(decodeError(direct)?.code == .nameTooLong)
        // 3 labels (192 octets) + root at 12, then a question adding 63 more through a pointer.
        let base = label + label + label + [0]
        let viaPointer = header(qd: 2) + base + [0, 1, 0, 1] + label + [0xc0, 12, 0, 1, 0, 1]
        #expect(decodeError(viaPointer)?.code == .nameTooLong)
    }

    @Test("RFC 1035 §3.1: a label longer than the remaining message is rejected")
    func labelLengthOverflow() {
        #expect(decodeError(header(qd: 1) + [10, 0x61, 0x62, 0x63])?.code == .truncatedMessage)
    }

    @Test("RFC 1035 §3.4.1 / §3.3.9: RDATA length must match known-type content")
    func rdataLengthMismatch() {
        let question = nameWire("example.test") + [0, 1, 0, 1]
        let fiveOctetA = header(flags: 0x8000, qd: 1, an: 1) + question + [0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 5, 1, 2, 3, 4, 5]
        #expect(decodeError(fiveOctetA)?.code == .badRecordData)
        let mxWithExtra = header(flags: 0x8000, qd: 1, an: 1) + question + [0xc0, 12, 0, 15, 0, 1, 0, 0, 0, 60, 0, 5, 0, 10, 0xc0, 12, 9]
        #expect(decodeError(mxWithExtra)?.code == .badRecordData)
        let shortRdata = header(flags: 0x8000, qd: 1, an: 1) + question + [0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 1, 2]
        #expect(decodeError(shortRdata)?.code == .truncatedMessage)
    }

    @Test("RFC 3597 §3: unknown types keep their octets; RFC 2136 §2.5.2 empty deletes decode")
    func unknownAndEmpty() throws {
        let question = nameWire("example.test") + [0, 6, 0, 1]
        let wire = header(flags: 0x2800, qd: 1, ns: 2) + question
            + [0xc0, 12, 0x01, 0x00, 0, 1, 0, 0, 0, 60, 0, 3, 9, 8, 7]
            + [0xc0, 12, 0, 1, 0, 255, 0, 0, 0, 0, 0, 0]
        let message = try DNSMessage(wire: wire)
        #expect(message.flags.opcode == .update)
        #expect(message.authority[0].data == .unknown(DNSRecordType(rawValue: 256), [9, 8, 7]))
        #expect(message.authority[1].data == .unknown(.a, []))
        #expect(message.authority[1].dnsClass == .any)
    }

    @Test("RFC 6891 §6.1.3: OPT is lifted into edns and its extended RCODE joins the header RCODE")
    func optLifting() throws {
        let question = nameWire("example.test") + [0, 15, 0, 1]
        let opt: [UInt8] = [0, 0, 41, 0x04, 0xd0, 0x01, 0x00, 0x80, 0x00, 0, 8, 0, 10, 0, 4, 1, 2, 3, 4]
        let wire = header(flags: 0x8000, qd: 1, ar: 1) + question + opt
        let message = try DNSMessage(wire: wire)
        #expect(message.additional.isEmpty)
        #expect(message.edns == EDNSRecord(udpPayloadSize: 1232, dnssecOK: true, options: [EDNSOption(code: 10, data: [1, 2, 3, 4])]))
        #expect(message.responseCode == .badVersion)
        #expect(message.encoded() == wire)
    }

    @Test("RFC 6891 §6.1.1: OPT only once, only in the additional section, only at the root")
    func optPlacement() {
        let question = nameWire("example.test") + [0, 1, 0, 1]
        let opt: [UInt8] = [0, 0, 41, 0x04, 0xd0, 0, 0, 0, 0, 0, 0]
        #expect(decodeError(header(qd: 1, an: 1) + question + opt)?.code == .badOPT)
        #expect(decodeError(header(qd: 1, ar: 2) + question + opt + opt)?.code == .badOPT)
        let owned: [UInt8] = [0xc0, 12] + Array(opt.dropFirst())
        #expect(decodeError(header(qd: 1, ar: 1) + question + owned)?.code == .badOPT)
        let badOption: [UInt8] = [0, 0, 41, 0x04, 0xd0, 0, 0, 0, 0, 0, 5, 0, 10, 0, 9, 1]
        #expect(decodeError(header(qd: 1, ar: 1) + question + badOption)?.code == .badOPT)
    }

    @Test("RFC 8945 §5.1: TSIG must be the last additional record, and only one")
    func tsigMustBeLast() throws {
        let question = nameWire("example.test") + [0, 6, 0, 1]
        let tsigData = nameWire("hmac-sha256") + [0, 0, 0x65, 0x53, 0xf1, 0, 1, 0x2c, 0, 2, 0xaa, 0xbb, 0x12, 0x34, 0, 0, 0, 0]
        let tsig = nameWire("key") + [0, 250, 0, 255, 0, 0, 0, 0, 0, UInt8(tsigData.count)] + tsigData
        let a: [UInt8] = [0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 192, 0, 2, 1]
        let good = header(qd: 1, ar: 2) + question + a + tsig
        let decoded = try DNSDecodedMessage(wire: good)
        #expect(decoded.message.tsig?.keyName == name("key"))
        #expect(decoded.message.tsig?.mac == [0xaa, 0xbb])
        #expect(decoded.message.additional.count == 1)
        #expect(decoded.tsigOffset == 12 + question.count + a.count)
        #expect(decodeError(header(qd: 1, ar: 2) + question + tsig + a)?.code == .badTSIG)
        #expect(decodeError(header(qd: 1, ar: 2) + question + tsig + tsig)?.code == .badTSIG)
        #expect(decodeError(header(qd: 1, an: 1) + question + tsig)?.code == .badTSIG)
    }

    @Test("random octets produce an error or a message that round-trips, never a crash")
    func randomBytes() {
        var generator = SplitMix64(state: 0x6d61_696c_726f_6f6d)
        for round in 0..<3000 {
            let count = Int.random(in: 0..<200, using: &generator)
            var bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
            // Keep counts small on most rounds so decoding gets past the header.
            if bytes.count >= 12, round % 2 == 0 {
                for index in [4, 6, 8, 10] { bytes[index] = 0 }
                bytes[5] = UInt8.random(in: 0...2, using: &generator)
                bytes[7] = UInt8.random(in: 0...2, using: &generator)
            }
            guard let message = try? DNSMessage(wire: bytes) else { continue }
            #expect((try? DNSMessage(wire: message.encoded())) == message)
        }
    }
}
