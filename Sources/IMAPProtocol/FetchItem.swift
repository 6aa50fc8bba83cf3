import MailMessage
import NIOCore

/// One data item of a FETCH response held in memory (RFC 9051 §7.5.2 `msg-att`). Body data that is
/// large is streamed with ``FetchResponseWriter`` instead of being put here.
///
///     msg-att-dynamic = "FLAGS" SP "(" [flag-fetch *(SP flag-fetch)] ")"
///     msg-att-static  = "INTERNALDATE" SP date-time / "RFC822.SIZE" SP number64 /
///                       "BODY" section ["<" number ">"] SP nstring /
///                       "BINARY" section-binary SP (nstring / literal8) /
///                       "BINARY.SIZE" section-binary SP number / "UID" SP uniqueid
public enum FetchItem: Hashable, Sendable {
    case uid(UInt32)
    case flags([Flag])
    case internalDate(IMAPDateTime)
    case rfc822Size(Int)
    /// `BINARY.SIZE[part] n` (RFC 3516 §4.2).
    case binarySize(part: [Int], size: Int)
    /// `BODY[section]<origin> data`, NIL when `data` is nil. `origin` is the offset of a partial fetch.
    case bodySection(SectionSpecifier, origin: UInt64?, data: ByteBuffer?)
    /// `BINARY[part]<origin> data`: a literal8 `~{n}` when the data holds NUL (RFC 3516 §4.3).
    case binary(part: [Int], origin: UInt64?, data: ByteBuffer?)
    /// `RFC822 data` (RFC 3501 §7.4.2).
    case rfc822(ByteBuffer?)
    /// `RFC822.HEADER data` (RFC 3501 §7.4.2).
    case rfc822Header(ByteBuffer?)
    /// `RFC822.TEXT data` (RFC 3501 §7.4.2).
    case rfc822Text(ByteBuffer?)
    /// `MODSEQ (n)` (RFC 7162 §3.1.4.1).
    case modSequence(UInt64)
    /// `ENVELOPE (...)`, from the message's parsed header.
    case envelope(Envelope)
    /// `BODYSTRUCTURE (...)` with extension data, or `BODY (...)` without (`extensible` false).
    case bodyStructure(BodyStructure, extensible: Bool)
    /// `ENVELOPE` and its value already encoded (``EncodedStructure``).
    case encodedEnvelope([UInt8])
    /// `BODYSTRUCTURE` or `BODY` and its value already encoded (``EncodedStructure``).
    case encodedBodyStructure([UInt8], extensible: Bool)
}

// MARK: - Encoding

extension FetchItem {
    /// Writes the item (`UID 4827313`, `BODY[HEADER] {342}` CRLF and the data).
    func write(into buffer: inout ByteBuffer, options: ResponseEncodingOptions) {
        switch self {
        case .uid(let uid):
            buffer.writeStaticString("UID ")
            IMAPString.writeNumber(Int(uid), into: &buffer)
        case .flags(let flags):
            let sent = options.revision == .imap4rev2 ? flags.filter { $0 != .recent } : flags
            buffer.writeString("FLAGS (" + sent.map(\.description).joined(separator: " ") + ")")
        case .internalDate(let date): buffer.writeString("INTERNALDATE \(date)")
        case .rfc822Size(let size):
            buffer.writeStaticString("RFC822.SIZE ")
            IMAPString.writeNumber(size, into: &buffer)
        case .binarySize(let part, let size): buffer.writeString("BINARY.SIZE\(FetchAttribute.binarySection(part)) \(size)")
        case .modSequence(let value): buffer.writeString("MODSEQ (\(value))")
        case .envelope(let envelope):
            buffer.writeStaticString("ENVELOPE ")
            StructureEncoder(options: options).write(envelope, into: &buffer)
        case .bodyStructure(let body, let extensible):
            buffer.writeString(extensible ? "BODYSTRUCTURE " : "BODY ")
            StructureEncoder(options: options).write(body, extensible: extensible, into: &buffer)
        case .encodedEnvelope(let bytes):
            buffer.writeStaticString("ENVELOPE ")
            buffer.writeBytes(bytes)
        case .encodedBodyStructure(let bytes, let extensible):
            buffer.writeStaticString(extensible ? "BODYSTRUCTURE " : "BODY ")
            buffer.writeBytes(bytes)
        case .bodySection, .binary, .rfc822, .rfc822Header, .rfc822Text:
            let (name, data) = sectionNameAndData
            buffer.writeString(name + " ")
            guard let data else {
                buffer.writeStaticString("NIL")
                return
            }
            let binary = if case .binary = self { data.readableBytesView.contains(0) } else { false }
            buffer.writeString(Self.literalHeader(size: data.readableBytes, binary: binary))
            buffer.writeImmutableBuffer(data)
        }
    }

    private var sectionNameAndData: (String, ByteBuffer?) {
        switch self {
        case .bodySection(let section, let origin, let data): (StreamedSection.body(section, origin: origin).name, data)
        case .binary(let part, let origin, let data): (StreamedSection.binary(part: part, origin: origin).name, data)
        case .rfc822(let data): ("RFC822", data)
        case .rfc822Header(let data): ("RFC822.HEADER", data)
        case .rfc822Text(let data): ("RFC822.TEXT", data)
        default: ("", nil)
        }
    }

    /// `{n}` CRLF, or `~{n}` CRLF for data that may hold NUL.
    static func literalHeader(size: Int, binary: Bool) -> String {
        (binary ? "~{" : "{") + "\(size)}\r\n"
    }
}
