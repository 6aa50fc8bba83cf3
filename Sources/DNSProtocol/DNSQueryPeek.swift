/// The header and first question of a message, read without decoding the rest
/// (RFC 1035 §4.1.1-§4.1.2), so a server can route or rate-limit a query cheaply.
///
/// It checks only what it reads; the full `DNSDecodedMessage` decode still decides validity.
public struct DNSQueryPeek: Sendable {
    public let id: UInt16
    public let flags: DNSHeaderFlags
    /// The low four RCODE bits of the header (the EDNS upper bits are not read here).
    public let responseCode: DNSResponseCode
    /// The first question, or `nil` when QDCOUNT is zero.
    public let question: DNSQuestion?

    /// Reads the 12-octet header and, when QDCOUNT > 0, the first question.
    public init(wire: [UInt8]) throws(DNSWireError) {
        guard wire.count >= 12 else { throw DNSWireError(code: .truncatedMessage, offset: wire.count) }
        id = UInt16(wire[0]) << 8 | UInt16(wire[1])
        flags = DNSHeaderFlags(wireValue: UInt16(wire[2]) << 8 | UInt16(wire[3]))
        responseCode = DNSResponseCode(rawValue: UInt16(wire[3] & 0x0f))
        guard wire[4] != 0 || wire[5] != 0 else {
            question = nil
            return
        }
        var reader = DNSWireReader(bytes: wire, offset: 12)
        do throws(DNSWireError) {
            question = DNSQuestion(
                name: try reader.readName(), type: DNSRecordType(rawValue: try reader.readUInt16()),
                dnsClass: DNSClass(rawValue: try reader.readUInt16()))
        } catch {
            throw error.about(messageID: id, flags: flags)
        }
    }
}
