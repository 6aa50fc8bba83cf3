/// One entity of a parsed message (RFC 2045 §2.4): the message itself, a body part of a multipart (RFC 2046
/// §5.1), or a message encapsulated in a message/rfc822 part (RFC 2046 §5.2.1). It knows where its header and
/// body lie, so FETCH BODY[section] (RFC 9051 §6.4.5) slices the stored bytes without parsing them again.
public struct MessagePart: Hashable, Sendable {
    /// What the entity's body holds.
    public enum Content: Hashable, Sendable {
        /// Content read as it stands: a leaf of the MIME tree.
        case single
        /// The body parts of a multipart, as indices into ``MessageStructure/parts``, in order.
        case multipart([Int])
        /// The message of a message/rfc822 or message/global part, as an index into ``MessageStructure/parts``;
        /// it spans this part's body exactly.
        case encapsulatedMessage(Int)
    }

    /// The header section with the empty line that ends it: an RFC 5322 header for a message (BODY[HEADER]),
    /// the MIME header for a body part (BODY[n.MIME]). Empty when the part starts with its empty line.
    public var header: ByteSpan
    /// The body: BODY[TEXT] of a message, BODY[n] of a body part. For a body part it ends before the line end
    /// that precedes the next boundary delimiter, which belongs to the delimiter (RFC 2046 §5.1.1).
    public var body: ByteSpan
    /// The MIME fields, from the header section.
    public var fields: MIMEFields
    public var content: Content
    /// The ENVELOPE, for the message and every encapsulated message; nil for a body part.
    public var envelope: Envelope?

    public init(header: ByteSpan, body: ByteSpan, fields: MIMEFields, content: Content, envelope: Envelope?) {
        self.header = header
        self.body = body
        self.fields = fields
        self.content = content
        self.envelope = envelope
    }

    /// The indices of the entities directly inside this one.
    public var children: [Int] {
        switch content {
        case .single: []
        case .multipart(let parts): parts
        case .encapsulatedMessage(let message): [message]
        }
    }
}
