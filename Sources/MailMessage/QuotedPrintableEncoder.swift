/// A streaming quoted-printable encoder (RFC 2045 §6.7) for text: bytes in, in chunks split anywhere, encoded
/// bytes out, the same whatever the chunks.
///
/// Rule 1: `=`, DEL, octets above 126 and control characters other than TAB become `=XX` (upper-case hex);
/// so does a bare CR. Rule 2: other printable octets stand for themselves. Rule 3: a space or TAB is written
/// `=20` / `=09` when a line end or the end of the content follows it, so no line ends in white space. Rule 4:
/// a line end (CRLF, or a bare LF as ``ByteLines`` reads one) is a hard line break, written as it was. Rule 5:
/// an output line holds at most 76 characters, the `=` of a soft line break (`=` CRLF) included.
///
/// A `-` that would begin an output line is written `=2D`, so that no encoded line can be read as a boundary
/// delimiter of an enclosing multipart (RFC 2046 §5.1.1; RFC 2045 §6.7 notes the same hazard for `.` and
/// `From `, which the SMTP and mbox layers escape themselves). ``TransferDecoding/quotedPrintable(_:)`` undoes
/// the encoding exactly: decoding the output gives back the input octets, line ends as written.
struct QuotedPrintableEncoder: Sendable {
    /// RFC 2045 §6.7 rule 5.
    static let maximumLineLength = 76

    /// Characters on the current output line.
    private var column = 0
    /// A space or TAB not yet written: whether it ends the line is not known yet.
    private var pendingWhitespace: UInt8?
    /// A CR not yet written: an LF after it makes a hard line break, anything else a bare CR.
    private var pendingCarriageReturn = false

    init() {}

    /// Encodes `bytes`, appending what can be written so far to `output`.
    mutating func encode(_ bytes: some Sequence<UInt8>, into output: inout [UInt8]) {
        for byte in bytes {
            switch byte {
            case ASCII.lineFeed:
                if let whitespace = pendingWhitespace { put(whitespace, escaped: true, into: &output) }
                pendingWhitespace = nil
                if pendingCarriageReturn { output.append(ASCII.carriageReturn) }
                pendingCarriageReturn = false
                output.append(ASCII.lineFeed)
                column = 0
            case ASCII.carriageReturn:
                writeBareCarriageReturn(into: &output)
                pendingCarriageReturn = true
            default:
                writeBareCarriageReturn(into: &output)
                if let whitespace = pendingWhitespace { put(whitespace, escaped: false, into: &output) }
                pendingWhitespace = nil
                if ASCII.isWhitespace(byte) {
                    pendingWhitespace = byte
                } else {
                    put(byte, escaped: byte == ASCII.equals || byte < ASCII.space || byte >= 0x7F, into: &output)
                }
            }
        }
    }

    /// Writes what is held back at the end of the content: white space there is trailing (rule 3), a CR
    /// there is bare.
    mutating func finish(into output: inout [UInt8]) {
        if pendingCarriageReturn {
            writeBareCarriageReturn(into: &output)
        } else if let whitespace = pendingWhitespace {
            put(whitespace, escaped: true, into: &output)
        }
        pendingWhitespace = nil
        column = 0
    }

    /// A held CR that turned out not to start CRLF: the white space before it is not trailing.
    private mutating func writeBareCarriageReturn(into output: inout [UInt8]) {
        guard pendingCarriageReturn else { return }
        if let whitespace = pendingWhitespace { put(whitespace, escaped: false, into: &output) }
        pendingWhitespace = nil
        put(ASCII.carriageReturn, escaped: true, into: &output)
        pendingCarriageReturn = false
    }

    /// Writes `byte`, as `=XX` when `escaped` or when it is a `-` starting a line, after a soft line break when
    /// the line would otherwise pass 75 characters (leaving room for the break's `=`).
    private mutating func put(_ byte: UInt8, escaped: Bool, into output: inout [UInt8]) {
        if column + (escaped ? 3 : 1) > Self.maximumLineLength - 1 {
            output += [ASCII.equals, ASCII.carriageReturn, ASCII.lineFeed]
            column = 0
        }
        if escaped || (column == 0 && byte == ASCII.hyphen) {
            output += [ASCII.equals, ASCII.hexDigits[Int(byte >> 4)], ASCII.hexDigits[Int(byte & 0x0F)]]
            column += 3
        } else {
            output.append(byte)
            column += 1
        }
    }
}
