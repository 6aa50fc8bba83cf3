/// Reads the primitives ``StructureWriter`` writes, accepting only their canonical form (shortest numbers,
/// flags 0 or 1, UTF-8 text), so that whatever decodes encodes back to the same bytes. Every count is checked
/// against the bytes left before anything is allocated for it.
struct StructureReader {
    private let bytes: [UInt8]
    private(set) var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var isAtEnd: Bool { offset == bytes.count }

    /// The largest number accepted: more than any offset or count in a message, small enough that sums of
    /// a few never overflow.
    private static let maximumNumber = 1 << 48

    func error(_ code: StructureDecodingError.Code) -> StructureDecodingError {
        StructureDecodingError(code: code, offset: offset)
    }

    mutating func byte() throws(StructureDecodingError) -> UInt8 {
        guard offset < bytes.count else { throw error(.truncated) }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func number() throws(StructureDecodingError) -> Int {
        var value = 0
        var shift = 0
        while true {
            let byte = try byte()
            value |= Int(byte & 0x7F) << shift
            if byte & 0x80 == 0 {
                guard byte != 0 || shift == 0, value <= Self.maximumNumber else { throw error(.malformedValue) }
                return value
            }
            shift += 7
            guard shift <= 49 else { throw error(.malformedValue) }
        }
    }

    /// A count of items each at least `minimumSize` octets long, checked against what is left.
    mutating func count(minimumSize: Int = 1) throws(StructureDecodingError) -> Int {
        let count = try number()
        guard count * minimumSize <= bytes.count - offset else { throw error(.malformedValue) }
        return count
    }

    mutating func octets() throws(StructureDecodingError) -> [UInt8] {
        let length = try number()
        return try take(length)
    }

    private mutating func take(_ length: Int) throws(StructureDecodingError) -> [UInt8] {
        guard length <= bytes.count - offset else { throw error(.truncated) }
        defer { offset += length }
        return Array(bytes[offset..<(offset + length)])
    }

    mutating func text() throws(StructureDecodingError) -> String {
        let octets = try octets()
        guard let text = String(validating: octets, as: UTF8.self) else { throw error(.malformedValue) }
        return text
    }

    mutating func optionalOctets() throws(StructureDecodingError) -> ByteString? {
        let length = try number()
        return length == 0 ? nil : ByteString(try take(length - 1))
    }

    mutating func flag() throws(StructureDecodingError) -> Bool {
        switch try byte() {
        case 0: return false
        case 1: return true
        default: throw error(.malformedValue)
        }
    }

    /// A span starting at `start`: its length, line feeds and bare line feeds, which must be consistent.
    mutating func span(from start: Int) throws(StructureDecodingError) -> ByteSpan {
        let count = try number()
        let lines = try number()
        let bare = try number()
        guard lines <= count, bare <= lines else { throw error(.inconsistent) }
        return ByteSpan(range: start..<(start + count), lines: lines, bareLineFeeds: bare)
    }

    mutating func parameters() throws(StructureDecodingError) -> [MIMEParameter] {
        let count = try count(minimumSize: 2)
        var parameters: [MIMEParameter] = []
        parameters.reserveCapacity(count)
        for _ in 0..<count {
            parameters.append(MIMEParameter(name: try text(), value: ByteString(try octets())))
        }
        return parameters
    }

    mutating func addresses() throws(StructureDecodingError) -> [Address] {
        let count = try count(minimumSize: 4)
        var addresses: [Address] = []
        addresses.reserveCapacity(count)
        for _ in 0..<count {
            addresses.append(
                Address(
                    name: try optionalOctets(), adl: try optionalOctets(), mailbox: try optionalOctets(),
                    host: try optionalOctets()))
        }
        return addresses
    }
}
