/// Converts a message with 8-bit content to 7-bit MIME, for relaying it to a server that does not announce
/// 8BITMIME (RFC 6152 §3, RFC 1652 §3; Postfix's "8BITMIME downgrade"). Sans I/O and streaming: feed the message
/// (CRLF line ends, not dot-stuffed) to ``convert(_:)`` in chunks split anywhere, then call ``finish()``; the
/// concatenated outputs are the same whatever the chunks.
///
/// What changes:
/// - A leaf entity (not multipart, not an entered message/rfc822) whose Content-Transfer-Encoding is 7bit, 8bit,
///   binary or absent and whose body holds an octet above 127 gets its body quoted-printable encoded (RFC 2045
///   §6.7, see `QuotedPrintableEncoder`: CRLF line breaks kept as hard breaks) and every Content-Transfer-Encoding
///   field replaced by (or, when there is none, gains) `Content-Transfer-Encoding: quoted-printable`. A message
///   without MIME-Version (RFC 2045 §4) also gains `MIME-Version: 1.0`; a message without Content-Type is
///   text/plain (§5.2) and is converted the same way, its charset left unsaid as it was.
/// - A body that is already 7-bit is left alone byte for byte, and its header too, even when it says 8bit or
///   binary, as long as less than ``maximumHeldBytes`` waits for the decision (see below). A message without
///   any 8-bit octet need not be fed at all: the SMTP client sends such a message as it is.
/// - Multiparts are walked by their boundaries (RFC 2046 §5.1, a stack of them for nested multiparts) and
///   message/rfc822 bodies as nested messages, with the parser's rules (``MessageStructure``, ``MIMELimits``).
///   A composite entity declared 8bit or binary is declared `7bit` once something inside it was converted
///   (RFC 2045 §6.4 allows only identity encodings there). A preamble or epilogue with 8-bit octets is encoded
///   like a body (its content is ignored by readers, RFC 2046 §5.1.1).
///
/// What stays: header sections pass through unchanged but for those fields, 8-bit octets included (they cannot be
/// downgraded without RFC 2047 encoding, and Postfix leaves them too). Bodies declared base64, quoted-printable or
/// an unknown encoding, delimiter lines, and entities the parser does not enter (deeper than
/// ``MIMELimits/maximumDepth``, past ``MIMELimits/maximumParts``) pass through as they are, whatever they hold.
///
/// Theory of operation. The input is cut into lines (a line ends at LF, as ``ByteLines`` reads it); a line
/// longer than ``maximumLinePiece`` is taken in pieces of that size, so a delimiter on a line of any length is
/// still recognised from its first piece. The open entities form a chain, as in the parser; only the innermost
/// reads a header section or a body. Each line is, in this order: a boundary delimiter of an open multipart
/// (``BoundaryDelimiter``: the entities inside it end, the line is written, a body part or the epilogue begins);
/// in a header section, the empty line that ends it (the header is read with ``MessageHeader`` and
/// ``MIMEFields`` and decides what the entity is) or a header line; else body content. Whether an entity's header
/// must change depends on bytes that come after it, so a header that may change is held back, with everything
/// after it, until an 8-bit octet in a body below it decides "convert" for the whole chain of open entities, or
/// the entity ends without one ("keep"). Memory is bounded: one header section of at most
/// ``MIMELimits/maximumHeaderBytes`` (past it the entity is given up on and passed through), one line piece, and
/// at most ``maximumHeldBytes`` held back; past that, every open entity that is waiting is converted as if an
/// 8-bit octet had come (correct, only not minimal: a long 7-bit body then comes out quoted-printable).
public struct EightBitDowngrade: Sendable {
    /// How much output may wait for a decision (see the type's documentation), headers included.
    public static let maximumHeldBytes = 256 * 1024
    /// The longest piece of a line taken at once: the SMTP line limit (RFC 5321 §4.5.3.1.6, 998 octets and
    /// CRLF), and more than a delimiter needs to be recognised (`--`, ``MIMELimits/maximumBoundaryLength``, `--`).
    static let maximumLinePiece = 1000

    /// An open entity.
    struct Frame: Sendable {
        /// Entities nest below the message, each body part and encapsulated message one level (as in the parser).
        var depth: Int
        /// The message or an encapsulated message, rather than a body part.
        var isMessage: Bool
        /// A multipart/digest, whose parts are message/rfc822 by default (RFC 2046 §5.1.5).
        var isDigest = false
        /// Its header section in ``EightBitDowngrade/heldHeaders`` while waiting for a decision.
        var heldHeader: Int?
    }

    /// What happens to the body content of the innermost entity: a leaf's body, a multipart's preamble or
    /// epilogue.
    enum Region: Sendable {
        /// Held back from offset `start` of ``EightBitDowngrade/held`` until it ends (kept as written) or an 8-bit
        /// octet comes (encoded).
        case undecided(start: Int)
        case encoding(QuotedPrintableEncoder)
        /// Written as it comes.
        case verbatim
    }

    /// What the innermost entity is reading.
    enum State: Sendable {
        case header
        case body(Region)
        /// Nothing of its own: a multipart between its parts, or a message/rfc822 part around its message.
        case parts
    }

    /// A header section waiting for a decision, to be written at `offset` in ``EightBitDowngrade/held``.
    struct HeldHeader: Sendable {
        var offset: Int
        /// The section without the empty line that ends it, read into `header`.
        var fields: [UInt8]
        var emptyLine: [UInt8]
        var header: MessageHeader
        var edit: HeaderEdit
        /// The bytes to write, once decided.
        var resolved: [UInt8]?
    }

    struct Boundary: Sendable {
        var value: [UInt8]
        /// The index in ``EightBitDowngrade/frames`` of the multipart it belongs to.
        var owner: Int
    }

    /// The open entities, outermost first.
    var frames = [Frame(depth: 0, isMessage: true)]
    var state = State.header
    var boundaries: [Boundary] = []
    /// Entities opened so far, counted as the parser counts them for ``MIMELimits/maximumParts``.
    var entityCount = 1
    /// The innermost entity's header section so far.
    var headerBytes: [UInt8] = []
    /// The current line so far, at most ``maximumLinePiece`` octets.
    private var line: [UInt8] = []
    /// `line` continues a line whose first piece was already taken.
    private var lineContinues = false
    /// The pieces being taken belong to a delimiter line.
    private var inDelimiterLine = false
    /// Output held back for a decision, with the header sections to insert into it.
    var held: [UInt8] = []
    var heldHeaders: [HeldHeader] = []
    var undecidedHeaders = 0
    var heldHeaderBytes = 0
    /// What the current call returns.
    var output: [UInt8] = []

    /// A converter at the start of a message.
    public init() {}

    /// Takes the next `chunk` of the message and returns the converted bytes that are ready.
    public mutating func convert(_ chunk: some Collection<UInt8>) -> [UInt8] {
        if chunk.withContiguousStorageIfAvailable({ take($0) }) == nil {
            Array(chunk).withUnsafeBufferPointer { take($0) }
        }
        defer { output = [] }
        return output
    }

    /// Ends the message (a last line without a line end is taken as it is, every open entity ends) and returns
    /// the rest of the output. The converter is then ready for another message.
    public mutating func finish() -> [UInt8] {
        if !line.isEmpty { takeLine(complete: false) }
        close(downTo: 0)
        flushIfDecided()
        defer { self = EightBitDowngrade() }
        return output
    }

    /// `message` converted in one call.
    public static func downgrade(_ message: some Collection<UInt8>) -> [UInt8] {
        var converter = EightBitDowngrade()
        return converter.convert(message) + converter.finish()
    }

    /// Cuts `bytes` into lines and pieces of lines at the same places whatever the chunks were.
    private mutating func take(_ bytes: UnsafeBufferPointer<UInt8>) {
        var start = 0
        while start < bytes.count {
            let end = start + min(bytes.count - start, Self.maximumLinePiece - line.count)
            if let lineFeed = ByteLines.firstLineFeed(in: bytes, start..<end) {
                line += bytes[start...lineFeed]
                start = lineFeed + 1
                takeLine(complete: true)
            } else {
                line += bytes[start..<end]
                start = end
                if line.count == Self.maximumLinePiece { takeLine(complete: false) }
            }
        }
    }

    /// Takes `line`, a whole line with its line end or a piece of a longer one.
    private mutating func takeLine(complete: Bool) {
        var piece = line
        line = []
        let isLineStart = !lineContinues
        lineContinues = !complete
        takePiece(piece, isLineStart: isLineStart, complete: complete)
        piece.removeAll(keepingCapacity: true)
        line = piece
    }

    private mutating func takePiece(_ piece: [UInt8], isLineStart: Bool, complete: Bool) {
        defer {
            if held.count + heldHeaderBytes > Self.maximumHeldBytes { convertAll() }
            flushIfDecided()
        }
        if inDelimiterLine, !isLineStart {
            emit(piece)
            return
        }
        inDelimiterLine = false
        let content = complete ? Self.content(of: piece) : piece.count
        if isLineStart, !boundaries.isEmpty,
            let (index, isClose) = piece.withUnsafeBufferPointer({
                BoundaryDelimiter.match(0..<content, in: $0, boundaries: boundaries.lazy.map(\.value))
            }),
            isClose || entityCount < MIMELimits.maximumParts
        {
            takeDelimiter(piece, of: index, isClose: isClose)
            inDelimiterLine = !complete
            return
        }
        switch state {
        case .header:
            headerBytes += piece
            if isLineStart, complete, content == 0 {
                endHeader(emptyLine: piece.count)
            } else if headerBytes.count > MIMELimits.maximumHeaderBytes {
                // Too long to read: the entity is passed through, nothing of it lost.
                emit(headerBytes)
                headerBytes = []
                state = .body(.verbatim)
            }
        case .body(.undecided):
            held += piece
            if piece.contains(where: { $0 >= 0x80 }) { convertAll() }
        case .body(.encoding(var encoder)):
            if isHolding { encoder.encode(piece, into: &held) } else { encoder.encode(piece, into: &output) }
            state = .body(.encoding(encoder))
        case .body(.verbatim), .parts:
            emit(piece)
        }
    }

    /// The length of a line's content: without its LF and a CR before the LF (as ``ByteLines`` reads it).
    private static func content(of line: [UInt8]) -> Int {
        guard line.last == ASCII.lineFeed else { return line.count }
        return line.count >= 2 && line[line.count - 2] == ASCII.carriageReturn ? line.count - 2 : line.count - 1
    }

    /// A delimiter line of `boundaries[index]`: the entities inside its multipart end, the line is written, and
    /// a body part or (after a close delimiter) the epilogue starts.
    private mutating func takeDelimiter(_ piece: [UInt8], of index: Int, isClose: Bool) {
        let owner = boundaries[index].owner
        close(downTo: owner + 1)
        endRegion()
        emit(piece)
        if isClose {
            boundaries.removeLast()
            state = .body(.undecided(start: held.count))
        } else {
            entityCount += 1
            frames.append(Frame(depth: frames[owner].depth + 1, isMessage: false))
            state = .header
        }
    }
}
