/// The modified UTF-7 of IMAP4rev1 mailbox names (RFC 3501 §5.1.3, kept for compatibility by RFC 9051
/// appendix A): printable US-ASCII other than `&` stands for itself, `&` is written `&-`, and any other
/// run of characters is `&`, their UTF-16BE in base64 with `,` for `/` and no padding, then `-`.
///
/// Decoding is strict, as the RFC requires of the encoder: a name is accepted only in the one form
/// ``encode(_:)`` gives it, so two spellings never name the same mailbox. Refused: octets outside
/// printable US-ASCII, a shift that is never closed, an empty shift other than `&-`, base64 whose spare
/// bits are not zero or that is not whole UTF-16 units, an unpaired surrogate, printable US-ASCII
/// written in base64, and two shifts in a row (they must be one).
public enum ModifiedUTF7 {
    /// Why a name is not modified UTF-7; the name is never echoed.
    public struct DecodingError: Error, Hashable, Sendable {}

    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,".utf8)
    private static let values: [Int8] = {
        var table = [Int8](repeating: -1, count: 256)
        for (value, byte) in alphabet.enumerated() { table[Int(byte)] = Int8(value) }
        return table
    }()

    /// The modified UTF-7 form of `text`.
    public static func encode(_ text: String) -> String {
        var output: [UInt8] = []
        var pending: [UInt16] = []
        for scalar in text.unicodeScalars {
            if (0x20...0x7E).contains(scalar.value) {
                flush(&pending, into: &output)
                output.append(UInt8(scalar.value))
                if scalar == "&" { output.append(UInt8(ascii: "-")) }
            } else {
                pending.append(contentsOf: Array(String(scalar).utf16))
            }
        }
        flush(&pending, into: &output)
        return String(decoding: output, as: UTF8.self)
    }

    /// Writes `&`, the units in modified base64, `-`.
    private static func flush(_ units: inout [UInt16], into output: inout [UInt8]) {
        guard !units.isEmpty else { return }
        output.append(UInt8(ascii: "&"))
        var bits = 0
        var buffer = 0
        for unit in units {
            buffer = buffer << 16 | Int(unit)
            bits += 16
            while bits >= 6 {
                bits -= 6
                output.append(alphabet[(buffer >> bits) & 0x3F])
            }
            buffer &= (1 << bits) - 1
        }
        if bits > 0 { output.append(alphabet[(buffer << (6 - bits)) & 0x3F]) }
        output.append(UInt8(ascii: "-"))
        units.removeAll()
    }

    /// The text `bytes` encode, or an error when they are not exactly what ``encode(_:)`` writes.
    public static func decode(_ bytes: some Collection<UInt8>) throws(DecodingError) -> String {
        let input = Array(bytes)
        var scalars = String.UnicodeScalarView()
        var index = 0
        var previousWasShift = false
        while index < input.count {
            let byte = input[index]
            guard (0x20...0x7E).contains(byte) else { throw DecodingError() }
            guard byte == UInt8(ascii: "&") else {
                scalars.append(Unicode.Scalar(byte))
                index += 1
                previousWasShift = false
                continue
            }
            guard let end = input[(index + 1)...].firstIndex(of: UInt8(ascii: "-")) else { throw DecodingError() }
            if end == index + 1 {
                scalars.append("&")
                previousWasShift = false
            } else {
                guard !previousWasShift else { throw DecodingError() }
                try decodeShift(input[(index + 1)..<end], into: &scalars)
                previousWasShift = true
            }
            index = end + 1
        }
        return String(scalars)
    }

    /// One base64 run: whole UTF-16 units, zero spare bits, surrogates paired, nothing printable.
    private static func decodeShift(_ run: ArraySlice<UInt8>, into scalars: inout String.UnicodeScalarView)
        throws(DecodingError)
    {
        var units: [UInt16] = []
        var buffer = 0
        var bits = 0
        for byte in run {
            let value = values[Int(byte)]
            guard value >= 0 else { throw DecodingError() }
            buffer = buffer << 6 | Int(value)
            bits += 6
            if bits >= 16 {
                bits -= 16
                units.append(UInt16((buffer >> bits) & 0xFFFF))
                buffer &= (1 << bits) - 1
            }
        }
        guard bits < 6, buffer == 0, !units.isEmpty else { throw DecodingError() }
        var iterator = units.makeIterator()
        var decoder = UTF16()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                guard !(0x20...0x7E).contains(scalar.value) else { throw DecodingError() }
                scalars.append(scalar)
            case .emptyInput:
                return
            case .error:
                throw DecodingError()
            }
        }
    }
}
