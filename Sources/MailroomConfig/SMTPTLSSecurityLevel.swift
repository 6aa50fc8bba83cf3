/// `smtp_tls_security_level`: how outbound SMTP uses TLS (Postfix's levels, those built so far).
public enum SMTPTLSSecurityLevel: String, Sendable, Hashable, CaseIterable {
    /// Never STARTTLS.
    case none
    /// STARTTLS when the server offers it, the certificate unchecked (opportunistic TLS, RFC 7435);
    /// plaintext when it is not offered, refused, or the handshake fails. The default, as in
    /// Debian's Postfix.
    case may
    /// STARTTLS always, the certificate unchecked; a server without it is not used (the mail waits).
    case encrypt

    static func parse(_ text: String) throws(ValueError) -> SMTPTLSSecurityLevel {
        if let level = SMTPTLSSecurityLevel(rawValue: text.lowercased()) { return level }
        // A level that checks certificates must not quietly become one that does not.
        if ["dane", "dane-only", "fingerprint", "verify", "secure"].contains(text.lowercased()) {
            throw ValueError(text, "is not supported yet (none, may or encrypt)")
        }
        throw ValueError(text, "is not none, may or encrypt")
    }
}
