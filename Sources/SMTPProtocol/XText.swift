/// The `xtext` encoding of DSN parameter values (RFC 3461 §4): printable ASCII except `+` and `=`
/// stands for itself, anything else is `+` and two upper-case hex digits.
public enum XText {
    // xtext   = *( xchar / hexchar )
    // xchar   = any ASCII CHAR between "!" (33) and "~" (126) inclusive, except for "+" and "="
    // hexchar = ASCII "+" immediately followed by two upper case hexadecimal digits
    /// Decodes `xtext`; `nil` when it is malformed or does not decode to UTF-8.
    public static func decode(_ text: some StringProtocol) -> String? {
        var out: [UInt8] = []
        var bytes = text.utf8.makeIterator()
        while let byte = bytes.next() {
            switch byte {
            case UInt8(ascii: "+"):
                guard let high = bytes.next().flatMap(hexValue), let low = bytes.next().flatMap(hexValue) else {
                    return nil
                }
                out.append(high << 4 | low)
            case 33...126 where byte != UInt8(ascii: "="):
                out.append(byte)
            default:
                return nil
            }
        }
        return String(validUTF8: out)
    }

    /// Encodes text as `xtext`, for the client side.
    public static func encode(_ text: some StringProtocol) -> String {
        var out = ""
        for byte in text.utf8 {
            if (33...126).contains(byte), byte != UInt8(ascii: "+"), byte != UInt8(ascii: "=") {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                out += "+" + String(byte >> 4, radix: 16, uppercase: true) + String(byte & 15, radix: 16, uppercase: true)
            }
        }
        return out
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 48...57: byte - 48
        case 65...70: byte - 55
        default: nil
        }
    }
}
