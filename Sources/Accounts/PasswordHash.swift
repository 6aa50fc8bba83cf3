/// A stored password, as a Dovecot passwd-file or /etc/shadow holds it, and the check of a
/// client's password against it.
///
/// Formats (Dovecot "Password Schemes", https://doc.dovecot.org/ ; crypt(5)):
/// - crypt(3) strings — `$y$` yescrypt, `$6$` SHA-512, `$5$` SHA-256, `$2b$` bcrypt, `$1$` MD5, whatever the
///   system libxcrypt knows — bare (Dovecot's default scheme is CRYPT) or after `{CRYPT}`, `{SHA512-CRYPT}`,
///   `{SHA256-CRYPT}`, `{BLF-CRYPT}`, `{MD5-CRYPT}` or `{YESCRYPT}`;
/// - `{PLAIN}` / `{CLEARTEXT}` followed by the password itself.
///
/// A hash crypt rejects (`*`, `!`, `!$6$...` a locked account, empty) and an unknown `{SCHEME}` never verify.
/// `description` never shows the hash.
public struct PasswordHash: Sendable, CustomStringConvertible {
    private enum Scheme: Sendable {
        case crypt
        case plain
        case unknown
    }

    /// Scheme names, upper-cased, that Dovecot implements by calling crypt(3) on the rest of the field.
    private static let cryptSchemes: Set<String> = [
        "CRYPT", "SHA512-CRYPT", "SHA256-CRYPT", "BLF-CRYPT", "MD5-CRYPT", "YESCRYPT",
    ]
    private static let plainSchemes: Set<String> = ["PLAIN", "CLEARTEXT"]

    private let scheme: Scheme
    /// The field after any `{SCHEME}` prefix: a crypt string or a plaintext password.
    private let secret: String

    /// The text to store in a passwd-file password field.
    public let passwdFileField: String

    /// Reads a Dovecot passwd-file password field: `{SCHEME}data`, or a bare crypt(3) string.
    public init(passwdFileField field: String) {
        passwdFileField = field
        guard field.hasPrefix("{"), let close = field.firstIndex(of: "}") else {
            (scheme, secret) = (.crypt, field)
            return
        }
        let name = field[field.index(after: field.startIndex)..<close].uppercased()
        secret = String(field[field.index(after: close)...])
        if Self.cryptSchemes.contains(name) {
            scheme = .crypt
        } else if Self.plainSchemes.contains(name) {
            scheme = .plain
        } else {
            scheme = .unknown
        }
    }

    /// A crypt(3) string as /etc/shadow holds it; a `{` at its start has no special meaning.
    public init(crypt: String) {
        (scheme, secret, passwdFileField) = (.crypt, crypt, "{CRYPT}" + crypt)
    }

    /// Hashes `password` with yescrypt, the default of current Debian, Fedora and Dovecot, with a fresh salt.
    ///
    /// Slow on purpose (tens of milliseconds): call it off any event loop.
    public static func make(password: String) throws -> PasswordHash {
        guard !password.contains("\0") else {
            throw AccountsError(.hashingFailed, "a password cannot contain a NUL character")
        }
        guard let setting = Crypt.makeSetting(prefix: "$y$"), let hash = Crypt.hash(password, setting: setting) else {
            throw AccountsError(.hashingFailed, "crypt(3) could not make a yescrypt hash (is libxcrypt too old?)")
        }
        return PasswordHash(crypt: hash)
    }

    /// Whether `password` matches. For crypt schemes this runs crypt(3), which is slow on purpose: call it
    /// off any event loop.
    public func verify(_ password: String) -> Bool {
        // C strings end at NUL, so "secret\0anything" would otherwise verify as "secret".
        guard !password.contains("\0") else { return false }
        switch scheme {
        case .crypt:
            guard !secret.isEmpty, let computed = Crypt.hash(password, setting: secret) else { return false }
            return constantTimeEquals(computed.utf8, secret.utf8)
        case .plain:
            return constantTimeEquals(password.utf8, secret.utf8)
        case .unknown:
            return false
        }
    }

    public var description: String { "<password hash>" }
}
