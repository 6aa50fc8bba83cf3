/// Text folded for SEARCH (RFC 9051 §6.4.4) as UTF-8 octets: exactly the UTF-8 of ``SearchFolding/fold(_:)``
/// applied to the same text, built without an intermediate `String`, and with what ``SearchPattern`` needs to
/// know to match it by octets (the worst ``ScalarClass`` in it).
///
/// Folding works scalar by scalar (lowercase mapping, then the extra full foldings), so appending pieces one
/// after the other gives the fold of the whole. Octets that are not UTF-8 are read as `String(decoding:as:)`
/// reads them, each invalid sequence as U+FFFD.
public struct FoldedText: Sendable {
    /// The folded text's UTF-8.
    public private(set) var bytes: [UInt8] = []
    /// The worst class of a scalar in ``bytes``.
    private(set) var worst = ScalarClass.standalone

    public init() {}

    /// `text`, folded.
    public init(_ text: String) { append(text) }

    /// Appends `text`, folded.
    public mutating func append(_ text: String) {
        var text = text
        text.withUTF8 { append(utf8: $0) }
    }

    /// Appends octets meant as UTF-8, folded.
    public mutating func append(utf8 buffer: UnsafeBufferPointer<UInt8>) {
        let start = bytes.count
        bytes.reserveCapacity(start + buffer.count)
        guard !appendValid(buffer) else { return }
        // Not UTF-8: read it as String does (U+FFFD for each maximal invalid subpart), then fold that.
        bytes.removeSubrange(start...)
        var text = String(decoding: buffer, as: UTF8.self)
        text.withUTF8 { _ = appendValid($0) }
    }

    /// Appends octets meant as UTF-8, folded.
    public mutating func append(utf8 bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { append(utf8: $0) }
    }

    /// Folds and appends `buffer`; false, with part of it appended, at the first sequence that is not UTF-8
    /// (RFC 3629 §4).
    private mutating func appendValid(_ buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        let count = buffer.count
        while index < count {
            let lead = buffer[index]
            if lead < 0x80 {
                // ASCII: A-Z to a-z.
                bytes.append(lead &- 0x41 < 26 ? lead | 0x20 : lead)
                index += 1
                continue
            }
            guard let (value, length) = Self.scalar(in: buffer, at: index) else { return false }
            appendFolded(value)
            index += length
        }
        return true
    }

    /// The scalar whose UTF-8 starts at `index`, and its length; nil for an ill-formed sequence.
    @inline(__always)
    static func scalar(in buffer: UnsafeBufferPointer<UInt8>, at index: Int) -> (UInt32, Int)? {
        let lead = buffer[index]
        let length: Int
        let second: ClosedRange<UInt8>
        switch lead {
        case 0xC2...0xDF: (length, second) = (2, 0x80...0xBF)
        case 0xE0: (length, second) = (3, 0xA0...0xBF)
        case 0xE1...0xEC, 0xEE...0xEF: (length, second) = (3, 0x80...0xBF)
        case 0xED: (length, second) = (3, 0x80...0x9F)
        case 0xF0: (length, second) = (4, 0x90...0xBF)
        case 0xF1...0xF3: (length, second) = (4, 0x80...0xBF)
        case 0xF4: (length, second) = (4, 0x80...0x8F)
        default: return nil
        }
        guard index + length <= buffer.count, second.contains(buffer[index + 1]) else { return nil }
        var value = UInt32(lead) & (0x7F >> length)
        for offset in 1..<length {
            let byte = buffer[index + offset]
            guard byte & 0xC0 == 0x80 else { return nil }
            value = value << 6 | UInt32(byte & 0x3F)
        }
        return (value, length)
    }

    /// Appends the folding of scalar `value`.
    @inline(__always)
    private mutating func appendFolded(_ value: UInt32) {
        if value < 0x1_0000 {
            let entry = SearchFolding.foldTable[Int(value)]
            if entry != SearchFolding.multiScalar {
                appendScalar(entry & 0x1F_FFFF, ScalarClass(rawValue: UInt8(entry >> 24)) ?? .other)
                return
            }
        } else if case .standalone = ScalarClass.of(value) {
            // CJK ideographs beyond the BMP: no case.
            appendScalar(value, .standalone)
            return
        }
        guard let scalar = Unicode.Scalar(value) else { return }
        for folded in SearchFolding.foldedScalars(scalar) { appendScalar(folded.value, ScalarClass.of(folded.value)) }
    }

    @inline(__always)
    private mutating func appendScalar(_ value: UInt32, _ scalarClass: ScalarClass) {
        if scalarClass > worst { worst = scalarClass }
        switch value {
        case 0..<0x80:
            bytes.append(UInt8(value))
        case 0x80..<0x800:
            bytes.append(UInt8(0xC0 | value >> 6))
            bytes.append(UInt8(0x80 | value & 0x3F))
        case 0x800..<0x1_0000:
            bytes.append(UInt8(0xE0 | value >> 12))
            bytes.append(UInt8(0x80 | value >> 6 & 0x3F))
            bytes.append(UInt8(0x80 | value & 0x3F))
        default:
            bytes.append(UInt8(0xF0 | value >> 18))
            bytes.append(UInt8(0x80 | value >> 12 & 0x3F))
            bytes.append(UInt8(0x80 | value >> 6 & 0x3F))
            bytes.append(UInt8(0x80 | value & 0x3F))
        }
    }
}
