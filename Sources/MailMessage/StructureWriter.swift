/// The primitives of the serialized ``MessageStructure``: unsigned LEB128 numbers, length-prefixed octets,
/// optional values as a 0/1 flag or a length plus one.
struct StructureWriter {
    private(set) var bytes: [UInt8] = []

    mutating func raw(_ value: [UInt8]) { bytes += value }

    mutating func number(_ value: Int) {
        var value = UInt(value)
        while value >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    mutating func octets(_ value: [UInt8]) {
        number(value.count)
        bytes += value
    }

    mutating func text(_ value: String) { octets(Array(value.utf8)) }

    /// nil as 0, else the length plus one and the octets.
    mutating func optionalOctets(_ value: ByteString?) {
        guard let value else { return number(0) }
        number(value.bytes.count + 1)
        bytes += value.bytes
    }

    mutating func flag(_ value: Bool) { bytes.append(value ? 1 : 0) }

    mutating func span(_ span: ByteSpan) {
        number(span.count)
        number(span.lines)
        number(span.bareLineFeeds)
    }

    mutating func parameters(_ parameters: [MIMEParameter]) {
        number(parameters.count)
        for parameter in parameters {
            text(parameter.name)
            octets(parameter.value.bytes)
        }
    }

    mutating func addresses(_ addresses: [Address]) {
        number(addresses.count)
        for address in addresses {
            optionalOctets(address.name)
            optionalOctets(address.adl)
            optionalOctets(address.mailbox)
            optionalOctets(address.host)
        }
    }
}
