import MailCore
import NIOCore

/// Picks out what `TOP msg n` sends (RFC 1939 §7): the header section, the blank line that ends it,
/// and the first `n` lines of the body. Streaming and sans-I/O: fed chunks of the stored message, it
/// returns the part of each to send, and says when the rest can go unread.
///
/// Theory of operation: in the header section, an empty line (LF, or CR LF, alone) ends the headers
/// and is kept; after it, each LF counts one body line until `n` are out. A message without a blank
/// line is all header and is sent whole. Pass the output through a ``DotStuffer``.
public struct TopFilter: Sendable {
    private enum State: Sendable {
        case headers(lineHasText: Bool)
        case body(remaining: Int)
        case complete
    }

    private var state: State
    /// The body lines TOP asked for.
    private let remainingAfterHeaders: Int

    /// A filter for `TOP msg bodyLines` (`bodyLines` ≥ 0).
    public init(bodyLines: Int) {
        precondition(bodyLines >= 0, "TOP takes a non-negative line count")
        state = .headers(lineHasText: false)
        remainingAfterHeaders = bodyLines
    }

    /// True once everything TOP sends has been returned; the driver may stop reading the message.
    public var isComplete: Bool {
        if case .complete = state { return true }
        return false
    }

    /// The part of `chunk` that TOP sends.
    public mutating func filter(_ chunk: ByteBuffer) -> ByteBuffer {
        var kept = 0
        for byte in chunk.readableBytesView {
            switch state {
            case .complete:
                return chunk.getSlice(at: chunk.readerIndex, length: kept) ?? ByteBuffer()
            case .headers(let lineHasText):
                kept += 1
                if byte == UInt8(ascii: "\n") {
                    if lineHasText {
                        state = .headers(lineHasText: false)
                    } else {
                        state = remainingAfterHeaders == 0 ? .complete : .body(remaining: remainingAfterHeaders)
                    }
                } else if byte != UInt8(ascii: "\r") {
                    state = .headers(lineHasText: true)
                }
            case .body(let remaining):
                kept += 1
                if byte == UInt8(ascii: "\n") {
                    state = remaining == 1 ? .complete : .body(remaining: remaining - 1)
                }
            }
        }
        return chunk.getSlice(at: chunk.readerIndex, length: kept) ?? ByteBuffer()
    }
}
