/// The SASL mechanisms mailroom offers (RFC 4422): `PLAIN` (RFC 4616) and `LOGIN`
/// (draft-murchison-sasl-login-00, which Outlook and older clients still use). Both carry a plaintext
/// password, so servers offer them only over TLS or to trusted networks (`disable_plaintext_auth`).
public enum SASLMechanism: String, Sendable, CaseIterable {
    case plain = "PLAIN"
    case login = "LOGIN"

    /// Parses a mechanism name as a client writes it in `AUTH` / `AUTHENTICATE`; names are
    /// case-insensitive (RFC 4422 §3.1).
    public init?(name: some StringProtocol) {
        self.init(rawValue: name.uppercased())
    }

    /// The name as servers advertise it (`AUTH PLAIN LOGIN`).
    public var name: String { rawValue }
}
