/// Base64 decoding for SASL responses (RFC 4648 §4; the `base64` rule of RFC 9051 §9), which the
/// module needs without Foundation. Padding is required; no line breaks or other characters.
enum Base64Text {
    /// The octets of `text`, or nil when it is not padded base64 of the standard alphabet.
    static func decode(_ text: String) -> [UInt8]? {
        let characters = Array(text.utf8)
        guard characters.count % 4 == 0 else { return nil }
        var output: [UInt8] = []
        output.reserveCapacity(characters.count / 4 * 3)
        var index = 0
        while index < characters.count {
            let group = characters[index..<index + 4]
            let isLast = index + 4 == characters.count
            let padding = group.reversed().prefix { $0 == UInt8(ascii: "=") }.count
            guard padding <= 2, padding == 0 || isLast else { return nil }
            var bits: UInt32 = 0
            for character in group.prefix(4 - padding) {
                guard let value = sextet(character) else { return nil }
                bits = bits << 6 | UInt32(value)
            }
            bits <<= UInt32(6 * padding)
            let octets = [UInt8(truncatingIfNeeded: bits >> 16), UInt8(truncatingIfNeeded: bits >> 8),
                          UInt8(truncatingIfNeeded: bits)]
            output += octets.prefix(3 - padding)
            index += 4
        }
        return output
    }

    private static func sextet(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): character - UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): character - UInt8(ascii: "a") + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): character - UInt8(ascii: "0") + 52
        case UInt8(ascii: "+"): 62
        case UInt8(ascii: "/"): 63
        default: nil
        }
    }
}
