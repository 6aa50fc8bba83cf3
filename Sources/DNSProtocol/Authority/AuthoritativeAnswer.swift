/// The outcome of answering one question from authoritative data (RFC 1034 §4.3.2): the
/// response code, the AA bit, and the three record sections.
///
/// A pure function of the catalog, the question (name, type, class) and the RD bit, so a server
/// may cache it per catalog generation. Names compare case-insensitively, and the records
/// carry the zone's spelling, with one exception: wildcard-synthesized owners (RFC 4592 §3.3.1)
/// repeat the question's spelling, so a cache keyed by lower-cased name must skip answers with
/// `isSynthesized` set, or key them by the exact spelling.
public struct AuthoritativeAnswer: Hashable, Sendable {
    /// The RCODE (RFC 1035 §4.1.1): NOERROR, NXDOMAIN, SERVFAIL (a CNAME loop or too long a chain),
    /// REFUSED, FORMERR or NOTIMP.
    public let responseCode: DNSResponseCode
    /// The AA bit (RFC 1035 §4.1.1): set unless the response is a referral or refused.
    public let isAuthoritative: Bool
    /// The answer section (RFC 1035 §4.1.3): the RRset asked for, after any CNAMEs leading to it.
    public let answers: [ResourceRecord]
    /// The authority section: apex NS, the negative-answer SOA, or a referral's NS.
    public let authority: [ResourceRecord]
    /// The additional section: addresses of NS, MX and SRV targets, or a referral's glue.
    public let additional: [ResourceRecord]
    /// True when some record was synthesized from a wildcard with the question's spelling.
    public let isSynthesized: Bool

    /// Wraps sections already computed (by `ZoneCatalog.answer(to:recursionDesired:minimalResponses:minimalAny:)`).
    public init(
        responseCode: DNSResponseCode, isAuthoritative: Bool, answers: [ResourceRecord] = [],
        authority: [ResourceRecord] = [], additional: [ResourceRecord] = [], isSynthesized: Bool = false
    ) {
        self.responseCode = responseCode
        self.isAuthoritative = isAuthoritative
        self.answers = answers
        self.authority = authority
        self.additional = additional
        self.isSynthesized = isSynthesized
    }

    /// An error response with empty sections and no AA (REFUSED, FORMERR, NOTIMP).
    public static func failure(_ code: DNSResponseCode) -> AuthoritativeAnswer {
        AuthoritativeAnswer(responseCode: code, isAuthoritative: false)
    }
}
