/// Turns a message into the text of one mboxrd entry: CRLF line ends become LF, every line matching
/// `^>*From ` gets one more `>`, the last line is ended and a blank line closes the entry.
///
/// mboxrd is the mbox variant whose quoting can be undone exactly (RFC 4155 §2 and its appendix;
/// "mboxrd" in https://www.loc.gov/preservation/digital/formats/fdd/fdd000385.shtml), the one Postfix
/// local(8) writes with `mailbox_delivery`'s `>From ` quoting and Python's `mailbox.mbox` reads. LF line
/// ends are what mbox readers (mailx, mutt, Dovecot) expect.
///
/// This is a sans-I/O value: chunks may split a line, a CRLF pair or a `>>From ` prefix anywhere, and
/// the output is the same as for the whole message at once. Memory stays constant: a run of `>` at the
/// start of a line is counted, not buffered.
struct MboxrdEncoder {
    private static let from = Array("From ".utf8)
    private static let carriageReturn = UInt8(ascii: "\r")
    private static let lineFeed = UInt8(ascii: "\n")
    private static let quote = UInt8(ascii: ">")

    /// At the start of a line, and every byte since matched `>*From ` so far.
    private var matching = true
    /// `>` bytes seen at the start of the current line while matching.
    private var quotes = 0
    /// Bytes of `From ` matched after the quotes.
    private var fromMatched = 0
    /// A CR was seen; it is dropped if an LF follows and kept otherwise.
    private var pendingCarriageReturn = false
    /// The current line has bytes (output or held back), so the entry needs a final LF.
    private var lineOpen = false

    mutating func encode(_ input: UnsafeRawBufferPointer, into output: inout [UInt8]) {
        for byte in input {
            if pendingCarriageReturn {
                pendingCarriageReturn = false
                if byte == Self.lineFeed {
                    endLine(into: &output)
                    continue
                }
                emit(Self.carriageReturn, into: &output)
            }
            switch byte {
            case Self.carriageReturn: pendingCarriageReturn = true
            case Self.lineFeed: endLine(into: &output)
            default: emit(byte, into: &output)
            }
        }
    }

    /// Ends the entry: a lone CR at the very end is kept, an unterminated last line gets its LF, and the
    /// blank separator line follows.
    mutating func finish(into output: inout [UInt8]) {
        if pendingCarriageReturn {
            pendingCarriageReturn = false
            emit(Self.carriageReturn, into: &output)
        }
        if lineOpen {
            endLine(into: &output)
        }
        output.append(Self.lineFeed)
    }

    private mutating func emit(_ byte: UInt8, into output: inout [UInt8]) {
        lineOpen = true
        guard matching else {
            output.append(byte)
            return
        }
        if fromMatched == 0, byte == Self.quote {
            quotes += 1
            return
        }
        if byte == Self.from[fromMatched] {
            fromMatched += 1
            if fromMatched == Self.from.count {
                output.append(Self.quote)
                releaseHeldBytes(into: &output)
            }
            return
        }
        releaseHeldBytes(into: &output)
        output.append(byte)
    }

    private mutating func endLine(into output: inout [UInt8]) {
        if matching {
            releaseHeldBytes(into: &output)
        }
        output.append(Self.lineFeed)
        matching = true
        lineOpen = false
    }

    /// Writes the `>` run and the part of `From ` held back while matching, and stops matching.
    private mutating func releaseHeldBytes(into output: inout [UInt8]) {
        output.append(contentsOf: repeatElement(Self.quote, count: quotes))
        output.append(contentsOf: Self.from[..<fromMatched])
        quotes = 0
        fromMatched = 0
        matching = false
    }
}
