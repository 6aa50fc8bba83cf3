/// A message parsed once (RFC 5322 §2-3, RFC 2045, RFC 2046): its MIME tree with every entity's header and body
/// ranges, MIME fields and envelopes. It is what the mailbox index keeps (``serialized()``) so that FETCH
/// ENVELOPE, BODYSTRUCTURE and BODY[section] never parse the message again.
///
/// Parsing never fails: a message of any bytes gives a structure (see ``MIMELimits`` for the bounds kept and
/// what happens beyond them). Messages stored with LF line ends give the same structure as with CRLF; spans
/// carry both sizes (``ByteSpan``).
public struct MessageStructure: Hashable, Sendable {
    /// The entities in pre-order: `parts[0]` is the message itself, and every entity comes before the
    /// entities inside it, which have larger indices.
    public var parts: [MessagePart]
    /// The whole message: BODY[] and RFC822.SIZE (as ``ByteSpan/crlfSize``).
    public var size: ByteSpan

    init(parts: [MessagePart], size: ByteSpan) {
        self.parts = parts
        self.size = size
    }

    /// Parses `message`, the bytes of one message as stored.
    public init(parsing message: some RandomAccessCollection<UInt8>) {
        self = ByteLines.withContiguous(message) { MessageParser.parse($0, offsetsInCRLFForm: false) }
    }

    /// Parses `message`, stored with bare LF line ends (a Maildir file), into the structure of its CRLF form,
    /// the bytes a server sends: the same structure `init(parsing:)` gives for that form, every offset and
    /// size counted in it, without making the form first. Only ``MIMELimits/maximumHeaderBytes`` still
    /// counts the octets as stored, so a header section right at that limit may be read a little further.
    public init(parsingIntoCRLFForm message: some RandomAccessCollection<UInt8>) {
        self = ByteLines.withContiguous(message) { MessageParser.parse($0, offsetsInCRLFForm: true) }
    }

    /// The message's own entity.
    public var message: MessagePart { parts[0] }

    /// The message's ENVELOPE.
    public var envelope: Envelope { parts[0].envelope ?? Envelope() }
}
