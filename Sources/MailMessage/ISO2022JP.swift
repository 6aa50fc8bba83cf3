/// ISO-2022-JP (RFC 1468) rewritten as EUC-JP, so that iconv's EUC-JP-MS can read it: glibc's own ISO-2022-JP
/// decoders reject the NEC and IBM extensions (circled digits, ㈱) that Windows mailers put in ISO-2022-JP mail,
/// while EUC-JP-MS has them. JIS X 0208 pairs gain the high bit, JIS X 0201 katakana (`ESC ( I`, or SO/SI)
/// become `8E xx`, JIS X 0212 (`ESC $ ( D`) becomes `8F xx yy`; ASCII and JIS-Roman pass through.
enum ISO2022JP {
    private enum Mode { case ascii, jisX0208, katakana, jisX0212 }
    private static let escape: UInt8 = 0x1B
    private static let shiftOut: UInt8 = 0x0E
    private static let shiftIn: UInt8 = 0x0F

    static func eucJP(_ bytes: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var mode = Mode.ascii
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == escape, let (next, length) = designation(bytes, index) {
                mode = next ?? mode
                index += length
                continue
            }
            switch (mode, byte) {
            case (_, shiftOut): mode = .katakana
            case (.katakana, shiftIn): mode = .ascii
            case (.jisX0208, 0x21...0x7E) where index + 1 < bytes.count && (0x21...0x7E).contains(bytes[index + 1]):
                output += [byte | 0x80, bytes[index + 1] | 0x80]
                index += 1
            case (.jisX0212, 0x21...0x7E) where index + 1 < bytes.count && (0x21...0x7E).contains(bytes[index + 1]):
                output += [0x8F, byte | 0x80, bytes[index + 1] | 0x80]
                index += 1
            case (.katakana, 0x21...0x5F):
                output += [0x8E, byte | 0x80]
            default:
                output.append(byte)
            }
            index += 1
        }
        return output
    }

    /// The mode an escape sequence at `index` selects (nil for `ESC & @`, the JIS X 0208-1990 announcer that
    /// precedes `ESC $ B`), and its length.
    private static func designation(_ bytes: [UInt8], _ index: Int) -> (Mode?, Int)? {
        let rest = bytes[(index + 1)...].prefix(3)
        if rest.starts(with: [0x28, 0x42]) || rest.starts(with: [0x28, 0x4A]) { return (.ascii, 3) }  // ( B, ( J
        if rest.starts(with: [0x28, 0x49]) { return (.katakana, 3) }  // ( I
        if rest.starts(with: [0x24, 0x40]) || rest.starts(with: [0x24, 0x42]) { return (.jisX0208, 3) }  // $ @, $ B
        if rest.starts(with: [0x24, 0x28, 0x44]) { return (.jisX0212, 4) }  // $ ( D
        if rest.starts(with: [0x26, 0x40]) { return (nil, 3) }  // & @
        return nil
    }
}
