import Glibc
import IMAPProtocol
import MailMessage
import NIOCore

extension FetchPlan {
    /// `bytes` cut to `partial` (RFC 9051 §6.4.5: octets from the origin, at most the length; an origin at or
    /// past the end gives the empty string).
    static func buffer(_ bytes: [UInt8], _ partial: Partial?) -> ByteBuffer {
        guard let partial else { return ByteBuffer(bytes: bytes) }
        guard partial.offset < UInt64(bytes.count) else { return ByteBuffer() }
        let start = Int(partial.offset)
        let end = start + Int(min(partial.length, UInt64(bytes.count - start)))
        return ByteBuffer(bytes: bytes[start..<end])
    }
}

/// Reads sections of one message's content through its structure's spans (RFC 9051 §6.4.5).
struct SectionReader {
    let structure: MessageStructure?
    let content: [UInt8]

    /// The octets of `section`, CRLF line ends; nil when the section does not exist.
    func bytes(of section: SectionSpecifier) -> [UInt8]? {
        // BODY[] needs no structure: it is the message as stored.
        if section == .complete { return Self.crlf(content[...]) }
        guard let structure else { return nil }
        let text: BodySection.Text = switch section.kind {
        case .complete: .content
        case .header, .headerFields, .headerFieldsNot: .header
        case .text: .text
        case .mime: .mime
        }
        guard let span = structure.span(of: BodySection(part: section.part, text: text)),
              let range = clamped(span.range)
        else { return nil }
        let bytes = Self.crlf(content[range])
        switch section.kind {
        case .headerFields(let names):
            return MessageHeader(parsing: bytes).selectedLines(names, from: bytes)
        case .headerFieldsNot(let names):
            return MessageHeader(parsing: bytes).selectedLines(names, excluding: true, from: bytes)
        default:
            return bytes
        }
    }

    /// BINARY[part] (RFC 3516 §4.2): the part's content with its transfer encoding undone; `[]` is the whole
    /// message as it is. Nil for a part that does not exist; an encoding the server does not know fails with
    /// `[UNKNOWN-CTE]` (§4.3).
    func decoded(part: [Int]) -> Result<[UInt8]?, FetchError> {
        guard !part.isEmpty else { return .success(Self.crlf(content[...])) }
        guard let structure, let index = structure.partIndex(at: part),
              let range = clamped(structure.parts[index].body.range)
        else { return .success(nil) }
        let encoding = structure.parts[index].fields.transferEncoding
        if case .other = encoding {
            return .failure(FetchError(.unknownTransferEncoding, "Unknown Content-Transfer-Encoding"))
        }
        return .success(encoding.decode(Self.crlf(content[range])))
    }

    /// `range` when it lies within the content (a structure from other bytes may not).
    private func clamped(_ range: Range<Int>) -> Range<Int>? {
        range.lowerBound >= 0 && range.upperBound <= content.count ? range : nil
    }

    /// `bytes` with every bare LF sent as CRLF (RFC 9051 §2.3.4: sizes count CRLF line ends). Content from
    /// the store has CRLF line ends already: the line feeds are found with `memchr` and the bytes go out
    /// as they are, unless one is bare.
    static func crlf(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        let bare = bytes.withUnsafeBytes { firstBareLineFeed(in: $0) }
        guard let bare else { return Array(bytes) }
        var converted: [UInt8] = []
        converted.reserveCapacity(bytes.count + bytes.count / 32)
        let split = bytes.startIndex + bare
        converted.append(contentsOf: bytes[..<split])
        var previous: UInt8 = 0
        for byte in bytes[split...] {
            if byte == 0x0A, previous != 0x0D { converted.append(0x0D) }
            converted.append(byte)
            previous = byte
        }
        return converted
    }

    /// The offset of the first LF in `bytes` not preceded by a CR, or nil.
    private static func firstBareLineFeed(in bytes: UnsafeRawBufferPointer) -> Int? {
        guard let base = bytes.baseAddress else { return nil }
        var offset = 0
        while offset < bytes.count, let found = memchr(base + offset, 0x0A, bytes.count - offset) {
            let lineFeed = UnsafeRawPointer(found) - base
            if lineFeed == 0 || bytes[lineFeed - 1] != 0x0D { return lineFeed }
            offset = lineFeed + 1
        }
        return nil
    }
}
