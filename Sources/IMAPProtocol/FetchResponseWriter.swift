import NIOCore

/// A body section whose octets are streamed rather than held (RFC 9051 §7.5.2).
public enum StreamedSection: Hashable, Sendable {
    /// `BODY[section]<origin>`.
    case body(SectionSpecifier, origin: UInt64?)
    /// `BINARY[part]<origin>` (RFC 3516 §4.2).
    case binary(part: [Int], origin: UInt64?)
    /// `RFC822` (RFC 3501 §7.4.2).
    case rfc822
    /// `RFC822.HEADER`.
    case rfc822Header
    /// `RFC822.TEXT`.
    case rfc822Text

    /// The item name as the response writes it (`BODY[1.2]<0>`).
    var name: String {
        switch self {
        case .body(let section, let origin): "BODY" + section.description + (origin.map { "<\($0)>" } ?? "")
        case .binary(let part, let origin): "BINARY" + FetchAttribute.binarySection(part) + (origin.map { "<\($0)>" } ?? "")
        case .rfc822: "RFC822"
        case .rfc822Header: "RFC822.HEADER"
        case .rfc822Text: "RFC822.TEXT"
        }
    }
}

/// Writes one FETCH response (RFC 9051 §7.5.2) whose body sections are streamed: the writer puts out
/// `* n FETCH (`, the items held in memory, and for each streamed section its name and literal header
/// `{size}`; the driver then sends exactly `size` octets however it likes (from a file, through
/// ``LineEndConverter`` when the store keeps LF line ends) and says so; ``finish(into:)`` closes the
/// parenthesis. No message is ever built as one string.
///
/// Theory of operation: a small state machine, `items` ⇄ `streaming(remaining)` → `finished`. Items are
/// separated by one space. Calling out of order (an item while octets are owed, more octets than
/// announced, finishing early) is a bug in the driver and stops the program.
public struct FetchResponseWriter: Sendable {
    private enum State: Sendable {
        case items(written: Int)
        case streaming(remaining: Int, written: Int)
        case finished
    }

    public let options: ResponseEncodingOptions
    private var state = State.items(written: 0)

    /// Starts the response for message `sequenceNumber`: writes `* n FETCH (`.
    public init(sequenceNumber: UInt32, options: ResponseEncodingOptions, into buffer: inout ByteBuffer) {
        self.options = options
        buffer.writeString("* \(sequenceNumber) FETCH (")
    }

    /// Octets of the current streamed section still owed; 0 when none is open.
    public var remainingSectionBytes: Int {
        if case .streaming(let remaining, _) = state { remaining } else { 0 }
    }

    /// Writes an item held in memory.
    public mutating func write(_ item: FetchItem, into buffer: inout ByteBuffer) {
        let written = beginItem(into: &buffer)
        item.write(into: &buffer, options: options)
        state = .items(written: written + 1)
    }

    /// Writes a streamed section's name and literal header (`BODY[] {4286}` CRLF, or `~{n}` for BINARY
    /// data that holds NUL); exactly `size` octets must follow.
    public mutating func beginSection(_ section: StreamedSection, size: Int, binary: Bool = false,
                                      into buffer: inout ByteBuffer) {
        precondition(size >= 0, "negative section size")
        let written = beginItem(into: &buffer)
        buffer.writeString(section.name + " " + FetchItem.literalHeader(size: size, binary: binary))
        state = size == 0 ? .items(written: written + 1) : .streaming(remaining: size, written: written)
    }

    /// Appends the next octets of the open section to `buffer`.
    public mutating func writeSectionBytes(_ bytes: ByteBuffer, into buffer: inout ByteBuffer) {
        sectionBytesSent(bytes.readableBytes)
        buffer.writeImmutableBuffer(bytes)
    }

    /// Records that the driver sent `count` octets of the open section itself.
    public mutating func sectionBytesSent(_ count: Int) {
        guard case .streaming(let remaining, let written) = state, count <= remaining else {
            preconditionFailure("FetchResponseWriter: \(count) section octets beyond the announced size")
        }
        state = remaining == count ? .items(written: written + 1) : .streaming(remaining: remaining - count, written: written)
    }

    /// Ends the response: `)` CRLF.
    public mutating func finish(into buffer: inout ByteBuffer) {
        guard case .items = state else { preconditionFailure("FetchResponseWriter: finish with section octets owed") }
        buffer.writeStaticString(")\r\n")
        state = .finished
    }

    /// The separator before an item; returns how many items precede it.
    private func beginItem(into buffer: inout ByteBuffer) -> Int {
        guard case .items(let written) = state else {
            preconditionFailure("FetchResponseWriter: item written while section octets are owed or after finish")
        }
        if written > 0 { buffer.writeInteger(UInt8(ascii: " ")) }
        return written
    }
}
