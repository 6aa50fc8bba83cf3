/// A DNS message (RFC 1035 §4.1): header, question, answer, authority and additional sections.
///
/// The OPT and TSIG pseudo-records are lifted out of the additional section into `edns` and
/// `tsig`, so `additional` holds only real records; the codec puts them back in their places
/// (TSIG last, RFC 8945 §5.1).
public struct DNSMessage: Hashable, Sendable {
    public var id: UInt16
    public var flags: DNSHeaderFlags
    /// The full response code; values above 15 need `edns` to carry their upper bits.
    public var responseCode: DNSResponseCode
    public var questions: [DNSQuestion]
    public var answers: [ResourceRecord]
    public var authority: [ResourceRecord]
    public var additional: [ResourceRecord]
    public var edns: EDNSRecord?
    public var tsig: TSIGRecord?

    public init(
        id: UInt16, flags: DNSHeaderFlags = DNSHeaderFlags(), responseCode: DNSResponseCode = .noError,
        questions: [DNSQuestion] = [], answers: [ResourceRecord] = [], authority: [ResourceRecord] = [],
        additional: [ResourceRecord] = [], edns: EDNSRecord? = nil, tsig: TSIGRecord? = nil
    ) {
        self.id = id
        self.flags = flags
        self.responseCode = responseCode
        self.questions = questions
        self.answers = answers
        self.authority = authority
        self.additional = additional
        self.edns = edns
        self.tsig = tsig
    }
}
