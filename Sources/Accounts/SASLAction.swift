/// What a `SASLExchange` asks its server driver to do next (RFC 4422 §3: challenges until an outcome).
public enum SASLAction: Sendable, Hashable {
    /// Send this base64 text as a challenge (SMTP `334 TEXT`, IMAP `+ TEXT`, POP3 `+ TEXT`);
    /// the empty string is an empty challenge.
    case challenge(String)
    /// The exchange is complete: check these with the `Authenticator`.
    case credentials(login: String, password: String)
    /// The exchange ended without credentials.
    case failed(SASLFailure)
}

/// Why a SASL exchange ended without credentials; drivers turn each into their protocol's reply.
public enum SASLFailure: Error, Sendable, Hashable {
    /// The client sent `*` (RFC 4954 §4, RFC 9051 §6.2.2): SMTP `501 5.0.0`, IMAP `BAD`.
    case cancelled
    /// The response is not base64 (RFC 4954 §4: `501 5.5.2`).
    case invalidBase64
    /// The decoded response does not have the mechanism's form (e.g. PLAIN without two NULs, not UTF-8).
    case malformedResponse
    /// PLAIN named an authorization identity other than the authentication identity (RFC 4616 §2);
    /// mailroom has no users who may act as others.
    case authorizationDenied
}
