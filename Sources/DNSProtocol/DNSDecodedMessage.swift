/// A message read from the wire together with what TSIG verification needs (RFC 8945 §4.3.2):
/// the received octets and where the TSIG record starts in them.
public struct DNSDecodedMessage: Sendable {
    /// The decoded message, OPT and TSIG lifted into `edns` and `tsig`.
    public var message: DNSMessage
    /// The octets as received; the MAC covers them, not a re-encoding.
    public let wire: [UInt8]
    /// The offset of the TSIG record's owner name, when the message carries one.
    public let tsigOffset: Int?

    /// Decodes a whole message strictly (RFC 1035 §4.1): every count satisfied, no trailing octets,
    /// OPT at most once in the additional section (RFC 6891 §6.1.1), TSIG last (RFC 8945 §5.1).
    public init(wire: [UInt8]) throws(DNSWireError) {
        guard wire.count >= 12 else { throw DNSWireError(code: .truncatedMessage, offset: wire.count) }
        var reader = DNSWireReader(bytes: wire)
        let id = UInt16(wire[0]) << 8 | UInt16(wire[1])
        let flags = DNSHeaderFlags(wireValue: UInt16(wire[2]) << 8 | UInt16(wire[3]))
        do throws(DNSWireError) {
            _ = try reader.readBytes(4)
            let questionCount = Int(try reader.readUInt16())
            let answerCount = Int(try reader.readUInt16())
            let authorityCount = Int(try reader.readUInt16())
            let additionalCount = Int(try reader.readUInt16())
            var message = DNSMessage(id: id, flags: flags, responseCode: DNSResponseCode(rawValue: UInt16(wire[3] & 0x0f)))
            for _ in 0..<questionCount {
                message.questions.append(
                    DNSQuestion(
                        name: try reader.readName(), type: DNSRecordType(rawValue: try reader.readUInt16()),
                        dnsClass: DNSClass(rawValue: try reader.readUInt16())))
            }
            message.answers = try DNSDecodedMessage.readRecords(answerCount, from: &reader)
            message.authority = try DNSDecodedMessage.readRecords(authorityCount, from: &reader)
            var tsigOffset: Int?
            for index in 0..<additionalCount {
                let start = reader.offset
                let name = try reader.readName()
                let type = DNSRecordType(rawValue: try reader.readUInt16())
                let rawClass = try reader.readUInt16()
                let ttl = try reader.readUInt32()
                let length = Int(try reader.readUInt16())
                switch type {
                case .opt:
                    guard message.edns == nil, name.isRoot else { throw reader.error(.badOPT, at: start) }
                    // RFC 6891 §6.1.3: the TTL carries EXTENDED-RCODE, VERSION, DO and Z.
                    message.edns = EDNSRecord(
                        udpPayloadSize: rawClass, version: UInt8(truncatingIfNeeded: ttl >> 16),
                        dnssecOK: ttl & 0x8000 != 0, options: try reader.readEDNSOptions(length: length))
                    let extended = UInt16(ttl >> 24) << 4
                    message.responseCode = DNSResponseCode(rawValue: extended | message.responseCode.rawValue)
                case .tsig:
                    guard index == additionalCount - 1 else { throw reader.error(.badTSIG, at: start) }
                    message.tsig = try reader.readTSIG(keyName: name, length: length)
                    tsigOffset = start
                default:
                    let data = try reader.readRecordData(type: type, dnsClass: DNSClass(rawValue: rawClass), length: length)
                    message.additional.append(
                        ResourceRecord(name: name, dnsClass: DNSClass(rawValue: rawClass), ttl: ttl, data: data))
                }
            }
            guard reader.remaining == 0 else { throw reader.error(.trailingBytes) }
            self.message = message
            self.wire = wire
            self.tsigOffset = tsigOffset
        } catch {
            throw error.about(messageID: id, flags: flags)
        }
    }

    /// Reads `count` answer or authority records, where OPT and TSIG have no place.
    private static func readRecords(_ count: Int, from reader: inout DNSWireReader) throws(DNSWireError) -> [ResourceRecord] {
        var records: [ResourceRecord] = []
        for _ in 0..<count {
            let start = reader.offset
            let name = try reader.readName()
            let type = DNSRecordType(rawValue: try reader.readUInt16())
            let dnsClass = DNSClass(rawValue: try reader.readUInt16())
            let ttl = try reader.readUInt32()
            let length = Int(try reader.readUInt16())
            if type == .opt { throw reader.error(.badOPT, at: start) }
            if type == .tsig { throw reader.error(.badTSIG, at: start) }
            let data = try reader.readRecordData(type: type, dnsClass: dnsClass, length: length)
            records.append(ResourceRecord(name: name, dnsClass: dnsClass, ttl: ttl, data: data))
        }
        return records
    }
}
