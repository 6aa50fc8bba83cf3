/// `smtpd_forbid_bare_newline`: what the SMTP server does with a line that ends in a bare LF or a bare
/// CR instead of CRLF (RFC 5321 §2.3.8). Whatever the value, only `CRLF . CRLF` ends DATA, so no value
/// brings back SMTP smuggling (CVE-2023-51764); Postfix's `no`, which did, is read as `normalize`.
public enum BareNewlinePolicy: Sendable, Hashable {
    /// The line end is taken as CRLF (Postfix 3.9's default, `normalize`; also its `note` and `no`).
    case normalize
    /// The session ends with `521 5.5.2 … Error: bare <LF> received` (`reject`; `yes`, as Postfix 3.8
    /// spelt it).
    case reject

    static func parse(_ text: String) throws(ValueError) -> BareNewlinePolicy {
        switch text.lowercased() {
        case "normalize", "note", "no": return .normalize
        case "reject", "yes": return .reject
        default: throw ValueError(text, "is not normalize, reject, yes, note or no")
        }
    }
}
