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
        let (start, startWorst) = (bytes.count, worst)
        guard !appendValid(buffer) else { return }
        // Not UTF-8: read it as String does (U+FFFD for each maximal invalid subpart), then fold that.
        bytes.removeSubrange(start...)
        worst = startWorst
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
        SearchFolding.foldTable.withUnsafeBufferPointer { table in
            var index = 0
            while index < buffer.count {
                // Folding makes a scalar's octets at most half as long again (İ: 2 → 3), so a chunk does not
                // fill; should one, the next goes on where it stopped.
                let room = (buffer.count - index) * 3 / 2 + 64
                var valid = true
                let chunk = [UInt8](unsafeUninitializedCapacity: room) { output, written in
                    (index, written, valid) = fold(buffer, from: index, into: output, table: table)
                }
                if bytes.isEmpty { bytes = chunk } else { bytes.append(contentsOf: chunk) }
                guard valid else { return false }
            }
            return true
        }
    }

    /// Folds `buffer` from `start` into `output` until the input ends, the output has no room for another
    /// scalar, or a sequence is not UTF-8: where the input stopped, octets written, and false for the last.
    private mutating func fold(
        _ buffer: UnsafeBufferPointer<UInt8>, from start: Int, into output: UnsafeMutableBufferPointer<UInt8>,
        table: UnsafeBufferPointer<UInt32>
    ) -> (Int, Int, Bool) {
        guard let input = buffer.baseAddress, let out = output.baseAddress else { return (start, 0, true) }
        var index = start
        var written = 0
        let count = buffer.count
        while index < count {
            // Eight ASCII octets at a time, A-Z to a-z: a lane has its top bit set in `fromA` when it is at
            // least "A", in `pastZ` when it is past "Z"; 0x80 >> 2 is the 0x20 between the cases.
            if index + 8 <= count, written + 8 <= output.count {
                let word = UnsafeRawPointer(input + index).loadUnaligned(as: UInt64.self)
                if word & 0x8080_8080_8080_8080 == 0 {
                    let fromA = word &+ 0x3F3F_3F3F_3F3F_3F3F
                    let pastZ = word &+ 0x2525_2525_2525_2525
                    let upper = fromA & ~pastZ & 0x8080_8080_8080_8080
                    UnsafeMutableRawPointer(out + written).storeBytes(of: word | upper >> 2, as: UInt64.self)
                    index += 8
                    written += 8
                    continue
                }
            }
            let lead = input[index]
            if lead < 0x80 {
                guard written < output.count else { break }
                out[written] = lead &- 0x41 < 26 ? lead | 0x20 : lead
                written += 1
                index += 1
                continue
            }
            guard written + 4 <= output.count else { break }
            guard let (value, length) = Self.scalar(in: buffer, at: index) else { return (index, written, false) }
            index += length
            if value < 0x1_0000, case let entry = table[Int(value)], entry != SearchFolding.multiScalar {
                written += put(entry & 0x1F_FFFF, ScalarClass(rawValue: UInt8(entry >> 24)) ?? .other, out + written)
            } else if value >= 0x1_0000, ScalarClass.of(value) == .standalone {
                // CJK ideographs beyond the BMP: no case.
                written += put(value, .standalone, out + written)
            } else if let scalar = Unicode.Scalar(value) {
                let foldedScalars = SearchFolding.foldedScalars(scalar)
                guard written + 4 * foldedScalars.count <= output.count else {
                    index -= length
                    break
                }
                for folded in foldedScalars { written += put(folded.value, ScalarClass.of(folded.value), out + written) }
            }
        }
        return (index, written, true)
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

    /// Writes scalar `value`'s UTF-8 at `out`, notes its class, and says how many octets it took.
    @inline(__always)
    private mutating func put(_ value: UInt32, _ scalarClass: ScalarClass, _ out: UnsafeMutablePointer<UInt8>) -> Int {
        if scalarClass > worst { worst = scalarClass }
        switch value {
        case 0..<0x80:
            out[0] = UInt8(value)
            return 1
        case 0x80..<0x800:
            out[0] = UInt8(0xC0 | value >> 6)
            out[1] = UInt8(0x80 | value & 0x3F)
            return 2
        case 0x800..<0x1_0000:
            out[0] = UInt8(0xE0 | value >> 12)
            out[1] = UInt8(0x80 | value >> 6 & 0x3F)
            out[2] = UInt8(0x80 | value & 0x3F)
            return 3
        default:
            out[0] = UInt8(0xF0 | value >> 18)
            out[1] = UInt8(0x80 | value >> 12 & 0x3F)
            out[2] = UInt8(0x80 | value >> 6 & 0x3F)
            out[3] = UInt8(0x80 | value & 0x3F)
            return 4
        }
    }
}

extension FoldedText {
    /// Appends header fields as SEARCH reads them: `Name: value` and a line feed per field, the value decoded
    /// (``HeaderField/decodedValue``).
    public mutating func appendFields(_ fields: [HeaderField]) {
        for field in fields {
            append(field.name)
            append(": ")
            append(field.decodedValue)
            append("\n")
        }
    }
}
