import MailCore

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

    /// Decodes `xtext` whose value must be printable US-ASCII (RFC 3461 §4: ENVID "consists of printable
    /// characters", ORCPT's address is an RFC 822 address): `nil` for anything else, so a CR, LF, NUL
    /// or 8-bit byte hidden in `+0D+0A` can never reach the header fields of a DSN (RFC 3464 §2.2.1).
    public static func decodePrintable(_ text: some StringProtocol) -> String? {
        guard let decoded = decode(text), decoded.utf8.allSatisfy({ (0x20...0x7E).contains($0) }) else { return nil }
        return decoded
    }

    /// Encodes text as `xtext`, for the client side.
    public static func encode(_ text: some StringProtocol) -> String {
        var out = ""
        for byte in text.utf8 {
            if (33...126).contains(byte), byte != UInt8(ascii: "+"), byte != UInt8(ascii: "=") {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                out += "+" + byte.upperHex
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
