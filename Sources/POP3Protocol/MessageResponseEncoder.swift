import MailCore
import NIOCore

/// The message part of a RETR or TOP response (RFC 1939 §7) as it goes on the wire, made one piece of
/// the stored message at a time, so a message of any size is sent without being held whole (style
/// rule 4): TOP's ``TopFilter`` when asked for, then the ``DotStuffer``, then the terminator.
///
/// Theory of operation: ``encode(_:into:)`` each piece in order (the pieces may split a line, a CRLF or
/// a leading dot anywhere), stop early once ``isComplete`` says TOP has what it sends, then
/// ``finish(into:)`` once.
public struct MessageResponseEncoder: Sendable {
    private var top: TopFilter?
    private var stuffer = DotStuffer()

    /// An encoder for RETR (`topLines` nil) or `TOP msg topLines`.
    public init(topLines: Int?) {
        top = topLines.map(TopFilter.init(bodyLines:))
    }

    /// True once TOP has everything it sends; the rest of the message need not be read.
    public var isComplete: Bool {
        top?.isComplete ?? false
    }

    /// Appends the wire form of the next piece of the message to `out`.
    public mutating func encode(_ piece: ByteBuffer, into out: inout ByteBuffer) {
        guard var filter = top else {
            stuffer.stuff(piece, into: &out)
            return
        }
        stuffer.stuff(filter.filter(piece), into: &out)
        top = filter
    }

    /// Appends the end of the response: a line end if the message lacks one, then `.` CRLF.
    public mutating func finish(into out: inout ByteBuffer) {
        stuffer.finish(into: &out)
    }
}
