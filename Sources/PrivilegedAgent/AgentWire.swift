/// The byte layout of agent messages: fixed-width integers in the machine's order (both ends are the
/// same executable on the same host) and strings as a 16-bit length and UTF-8 bytes.
struct AgentWriter {
    private(set) var bytes: [UInt8] = []

    mutating func append<Integer: FixedWidthInteger>(_ value: Integer) {
        withUnsafeBytes(of: value) { bytes.append(contentsOf: $0) }
    }

    mutating func append(_ flag: Bool) {
        bytes.append(flag ? 1 : 0)
    }

    mutating func append(_ text: String) {
        let utf8 = Array(text.utf8.prefix(Int(UInt16.max)))
        append(UInt16(utf8.count))
        bytes += utf8
    }

    mutating func append(raw: UnsafeRawBufferPointer) {
        append(UInt32(raw.count))
        bytes.append(contentsOf: raw)
    }
}

/// Reads what ``AgentWriter`` wrote; every read is bounds-checked and a short message is
/// ``AgentWireError``, never a crash: the agent reads what a possibly subverted server sent. Strings
/// must be UTF-8 and flags 0 or 1, so a message has one meaning: a path is the bytes it was sent as.
struct AgentReader {
    private let bytes: [UInt8]
    private var offset = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    var isAtEnd: Bool { offset == bytes.count }

    mutating func integer<Integer: FixedWidthInteger>(_: Integer.Type = Integer.self) throws(AgentWireError) -> Integer {
        let size = MemoryLayout<Integer>.size
        guard bytes.count - offset >= size else { throw AgentWireError() }
        var value = Integer.zero
        withUnsafeMutableBytes(of: &value) { target in
            bytes.withUnsafeBytes { target.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[offset..<offset + size])) }
        }
        offset += size
        return value
    }

    /// 0 or 1; anything else is not a message ``AgentWriter`` wrote.
    mutating func flag() throws(AgentWireError) -> Bool {
        switch try integer(UInt8.self) {
        case 0: return false
        case 1: return true
        default: throw AgentWireError()
        }
    }

    mutating func string() throws(AgentWireError) -> String {
        let count = Int(try integer(UInt16.self))
        guard bytes.count - offset >= count,
              let text = String(validating: bytes[offset..<offset + count], as: UTF8.self)
        else { throw AgentWireError() }
        offset += count
        return text
    }

    /// A length-prefixed blob that must be exactly `size` bytes, copied into `target`.
    mutating func raw(into target: UnsafeMutableRawBufferPointer) throws(AgentWireError) {
        let count = Int(try integer(UInt32.self))
        guard count == target.count, bytes.count - offset >= count else { throw AgentWireError() }
        bytes.withUnsafeBytes { target.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[offset..<offset + count])) }
        offset += count
    }
}

/// A message that does not parse: too short, too long, or an unknown operation.
struct AgentWireError: Error {}
