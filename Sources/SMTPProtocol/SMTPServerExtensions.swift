/// What a server said it supports in its EHLO reply (RFC 5321 §4.1.1.1: every line after the
/// first is `ehlo-keyword *(SP ehlo-param)`), as the client side reads it. Keywords are matched
/// without case; unknown ones are ignored.
public struct SMTPServerExtensions: Hashable, Sendable {
    /// `SIZE` (RFC 1870 §4): the largest message the server takes, 0 for "no fixed limit", `nil`
    /// when the keyword is missing (the client then sends no `SIZE=` parameter).
    public var sizeLimit: Int?
    /// `PIPELINING` (RFC 2920): MAIL, RCPT and DATA may be sent as one group.
    public var pipelining = false
    /// `8BITMIME` (RFC 6152): `BODY=8BITMIME` is understood.
    public var eightBitMIME = false
    /// `SMTPUTF8` (RFC 6531): addresses and headers in UTF-8.
    public var smtpUTF8 = false
    /// `STARTTLS` (RFC 3207).
    public var startTLS = false
    /// `DSN` (RFC 3461): NOTIFY, ORCPT, RET and ENVID are passed on.
    public var deliveryStatusNotification = false
    /// `CHUNKING` (RFC 3030): BDAT.
    public var chunking = false
    /// `ENHANCEDSTATUSCODES` (RFC 2034).
    public var enhancedStatusCodes = false
    /// `AUTH` (RFC 4954 §3) mechanisms, upper-cased.
    public var authMechanisms: Set<String> = []

    /// No extensions: what a HELO (not EHLO) session has.
    public init() {}

    /// Reads the lines of a `250` EHLO reply; the first line (the server's name) is skipped.
    public init(ehloReply reply: SMTPReply) {
        for line in reply.lines.dropFirst() {
            let words = line.split(separator: " ", omittingEmptySubsequences: true)
            guard let keyword = words.first?.uppercased() else { continue }
            let parameters = words.dropFirst()
            switch keyword {
            // RFC 1870 §4: "SIZE" [SP number]; no number (or 0) means no fixed maximum.
            case "SIZE": sizeLimit = parameters.first.flatMap { Int($0) }.map { max($0, 0) } ?? 0
            case "PIPELINING": pipelining = true
            case "8BITMIME": eightBitMIME = true
            case "SMTPUTF8": smtpUTF8 = true
            case "STARTTLS": startTLS = true
            case "DSN": deliveryStatusNotification = true
            case "CHUNKING": chunking = true
            case "ENHANCEDSTATUSCODES": enhancedStatusCodes = true
            case "AUTH": authMechanisms.formUnion(parameters.map { $0.uppercased() })
            default: continue
            }
        }
    }
}
