import Glibc

/// Turns a stored message back into the form POP3 and IMAP send: CRLF line ends, and for mboxrd the
/// `>From ` quoting undone (RFC 4155 appendix, "mboxrd": one `>` is removed from every line matching
/// `^>+From `).
///
/// Every LF not preceded by a CR becomes CRLF; a CR alone stays as it is, as ``VirtualSizeCounter``
/// counts it, so a Maildir `W=` size equals the number of bytes this decoder puts out. Sans-I/O: chunks
/// may split a line, a CRLF pair or a `>>From ` prefix anywhere; a run of `>` is counted, not buffered.
struct StoredMessageDecoder {
    private static let from = Array("From ".utf8)
    private static let carriageReturn = UInt8(ascii: "\r")
    private static let lineFeed = UInt8(ascii: "\n")
    private static let quote = UInt8(ascii: ">")

    /// Undo mboxrd quoting (mbox entries) or not (Maildir files).
    let unquotesMboxrd: Bool
    private var previousWasCarriageReturn = false
    /// At the start of a line, and every byte since matched `>+From ` so far.
    private var matching: Bool
    private var quotes = 0
    private var fromMatched = 0

    init(unquotesMboxrd: Bool) {
        self.unquotesMboxrd = unquotesMboxrd
        self.matching = unquotesMboxrd
    }

    mutating func decode(_ input: UnsafeRawBufferPointer, into output: inout [UInt8]) {
        guard unquotesMboxrd else {
            decodeLineEnds(input, into: &output)
            return
        }
        for byte in input {
            if byte == Self.lineFeed {
                releaseHeldBytes(into: &output)
                if !previousWasCarriageReturn {
                    output.append(Self.carriageReturn)
                }
                output.append(Self.lineFeed)
                previousWasCarriageReturn = false
                matching = unquotesMboxrd
                continue
            }
            previousWasCarriageReturn = byte == Self.carriageReturn
            guard matching else {
                output.append(byte)
                continue
            }
            if fromMatched == 0, byte == Self.quote {
                quotes += 1
                continue
            }
            if quotes > 0, byte == Self.from[fromMatched] {
                fromMatched += 1
                if fromMatched == Self.from.count {
                    quotes -= 1
                    releaseHeldBytes(into: &output)
                }
                continue
            }
            releaseHeldBytes(into: &output)
            output.append(byte)
        }
    }

    /// The Maildir case, line ends only: whole lines are found with `memchr` and copied at once (a message
    /// stored with CRLF line ends passes through unchanged, a line at a time).
    private mutating func decodeLineEnds(_ input: UnsafeRawBufferPointer, into output: inout [UInt8]) {
        guard let base = input.baseAddress else { return }
        var index = 0
        while index < input.count {
            guard let found = memchr(base + index, Int32(Self.lineFeed), input.count - index) else {
                output.append(contentsOf: UnsafeRawBufferPointer(rebasing: input[index...]))
                previousWasCarriageReturn = input[input.count - 1] == Self.carriageReturn
                return
            }
            let lineFeed = UnsafeRawPointer(found) - base
            let endsWithCR = lineFeed > index ? input[lineFeed - 1] == Self.carriageReturn : previousWasCarriageReturn
            output.append(contentsOf: UnsafeRawBufferPointer(rebasing: input[index..<lineFeed]))
            if !endsWithCR {
                output.append(Self.carriageReturn)
            }
            output.append(Self.lineFeed)
            previousWasCarriageReturn = false
            index = lineFeed + 1
        }
    }

    /// Puts out what a partial `>From` match at the very end still holds.
    mutating func finish(into output: inout [UInt8]) {
        releaseHeldBytes(into: &output)
    }

    private mutating func releaseHeldBytes(into output: inout [UInt8]) {
        if quotes > 0 || fromMatched > 0 {
            output.append(contentsOf: repeatElement(Self.quote, count: quotes))
            output.append(contentsOf: Self.from[..<fromMatched])
        }
        quotes = 0
        fromMatched = 0
        matching = false
    }
}
