/// `smtp_tls_security_level`: how outbound SMTP uses TLS (Postfix's levels but `dane-only` and
/// `fingerprint`).
public enum SMTPTLSSecurityLevel: String, Sendable, Hashable, CaseIterable {
    /// Never STARTTLS.
    case none
    /// STARTTLS when the server offers it, the certificate unchecked (opportunistic TLS, RFC 7435);
    /// plaintext when it is not offered, refused, or the handshake fails. The default, as in
    /// Debian's Postfix.
    case may
    /// STARTTLS always, the certificate unchecked; a server without it is not used (the mail waits).
    case encrypt
    /// Opportunistic DANE (RFC 7672): where the MX host's TLSA records are DNSSEC-secure, TLS is
    /// required and the certificate must match them; where the records are secure but none is
    /// usable, TLS is required unchecked (`encrypt`); where DNSSEC does not cover the host, `may`.
    case dane
    /// STARTTLS always, the certificate chain checked against the trusted CAs (`smtp_tls_CAfile` and
    /// `smtp_tls_CApath`, else the system's) and its name against `smtp_tls_verify_cert_match` (the
    /// MX host name).
    case verify
    /// As `verify`, the name checked against `smtp_tls_secure_cert_match` (the recipient domain or
    /// a subdomain), which an attacker who forges MX answers cannot choose.
    case secure

    static func parse(_ text: String) throws(ValueError) -> SMTPTLSSecurityLevel {
        if let level = SMTPTLSSecurityLevel(rawValue: text.lowercased()) { return level }
        // A level that checks certificates must not quietly become one that does not.
        if ["dane-only", "fingerprint"].contains(text.lowercased()) {
            throw ValueError(text, "is not supported yet (none, may, encrypt, dane, verify or secure)")
        }
        throw ValueError(text, "is not none, may, encrypt, dane, verify or secure")
    }
}
