/// The ENVELOPE of a message (RFC 9051 §7.5.2, RFC 3501 §7.4.2): its Date, Subject, From, Sender, Reply-To, To,
/// Cc, Bcc, In-Reply-To and Message-ID, as IMAP sends them: strings undecoded (the field value unfolded, white
/// space around it removed; an empty field is an empty string, an absent one nil), addresses parsed. An empty
/// address list is NIL on the wire.
///
/// Sender and Reply-To default to From when absent or empty (RFC 3501 §7.4.2, RFC 9051 §7.5.2).
public struct Envelope: Hashable, Sendable {
    public var date: ByteString?
    public var subject: ByteString?
    public var from: [Address]
    public var sender: [Address]
    public var replyTo: [Address]
    public var to: [Address]
    public var cc: [Address]
    public var bcc: [Address]
    public var inReplyTo: ByteString?
    public var messageID: ByteString?

    public init(
        date: ByteString? = nil, subject: ByteString? = nil, from: [Address] = [], sender: [Address] = [],
        replyTo: [Address] = [], to: [Address] = [], cc: [Address] = [], bcc: [Address] = [],
        inReplyTo: ByteString? = nil, messageID: ByteString? = nil
    ) {
        self.date = date
        self.subject = subject
        self.from = from
        self.sender = sender
        self.replyTo = replyTo
        self.to = to
        self.cc = cc
        self.bcc = bcc
        self.inReplyTo = inReplyTo
        self.messageID = messageID
    }

    /// The envelope of a header read by ``MessageHeader``.
    public init(header: MessageHeader) { self.init(KnownHeaderValues(header)) }

    init(_ values: KnownHeaderValues) {
        func text(_ field: KnownHeaderField) -> ByteString? {
            values[field].map { ByteString(ASCII.trimmed($0[...])) }
        }
        func addresses(_ field: KnownHeaderField) -> [Address] {
            values[field].map(AddressListParser.parse) ?? []
        }
        let from = addresses(.from)
        let sender = addresses(.sender)
        let replyTo = addresses(.replyTo)
        self.init(
            date: text(.date), subject: text(.subject), from: from, sender: sender.isEmpty ? from : sender,
            replyTo: replyTo.isEmpty ? from : replyTo, to: addresses(.to), cc: addresses(.cc), bcc: addresses(.bcc),
            inReplyTo: text(.inReplyTo), messageID: text(.messageID))
    }

    /// The subject with encoded words decoded (RFC 2047), for SEARCH SUBJECT and display.
    public var decodedSubject: String? { subject.map { HeaderDecoding.decode($0) } }
}
