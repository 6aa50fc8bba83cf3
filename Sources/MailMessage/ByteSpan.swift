/// A stretch of a message's bytes with the sizes IMAP reports for it. Offsets count the bytes as stored (LF
/// line ends in Maildir, CRLF elsewhere); the server sends every bare LF as CRLF, so ``crlfSize`` is what a
/// literal of these bytes holds on the wire (RFC 9051 §7.5.2 RFC822.SIZE and body-fld-octets semantics).
public struct ByteSpan: Hashable, Sendable {
    /// Offsets from the start of the message as stored.
    public var range: Range<Int>
    /// Line feeds in the range: BODYSTRUCTURE's body-fld-lines (a last line without a line end is not
    /// counted, as in Dovecot).
    public var lines: Int
    /// Line feeds in the range with no CR before them.
    public var bareLineFeeds: Int

    public init(range: Range<Int>, lines: Int, bareLineFeeds: Int) {
        self.range = range
        self.lines = lines
        self.bareLineFeeds = bareLineFeeds
    }

    /// Octets as stored.
    public var count: Int { range.count }

    /// Octets once each bare LF is sent as CRLF.
    public var crlfSize: Int { range.count + bareLineFeeds }
}

/// A place in the message with the line feeds before it, so that spans between places know their sizes
/// without being read again.
struct ByteMark: Comparable {
    var offset: Int
    var lines: Int
    var bareLineFeeds: Int

    static func < (left: ByteMark, right: ByteMark) -> Bool { left.offset < right.offset }

    /// This place in the CRLF form of the bytes, where every bare LF before it is a CRLF.
    var inCRLFForm: ByteMark {
        ByteMark(offset: offset + bareLineFeeds, lines: lines, bareLineFeeds: 0)
    }

    /// The span from here to `end`.
    func span(to end: ByteMark) -> ByteSpan {
        ByteSpan(range: offset..<end.offset, lines: end.lines - lines, bareLineFeeds: end.bareLineFeeds - bareLineFeeds)
    }
}
