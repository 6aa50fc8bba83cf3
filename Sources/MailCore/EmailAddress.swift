/// A mailbox address `local-part@domain` (RFC 5321 §4.1.2 `Mailbox`).
///
/// The domain is kept lower-cased, since domains compare case-insensitively (RFC 5321 §2.4);
/// the local part is kept as written, since only the receiving host may interpret its case.
public struct EmailAddress: Hashable, Sendable, CustomStringConvertible {
    /// The part before the last `@`.
    public let localPart: String
    /// The part after the last `@`, lower-cased.
    public let domain: String

    /// Makes an address from its two halves; `nil` when either is empty or has white space or `@` in the domain.
    public init?(localPart: String, domain: String) {
        guard !localPart.isEmpty, !domain.isEmpty,
              !domain.contains("@"),
              !localPart.contains(where: \.isWhitespace), !domain.contains(where: \.isWhitespace)
        else { return nil }
        self.localPart = localPart
        self.domain = domain.lowercased()
    }

    /// Parses `local@domain`, splitting at the last `@` (a quoted local part may contain one).
    public init?(_ text: String) {
        guard let at = text.lastIndex(of: "@") else { return nil }
        self.init(localPart: String(text[..<at]), domain: String(text[text.index(after: at)...]))
    }

    /// Parses a login or address: a bare name (`alice`) means `alice@defaultDomain`.
    public init?(login: String, defaultDomain: String) {
        if login.contains("@") {
            self.init(login)
        } else {
            self.init(localPart: login, domain: defaultDomain)
        }
    }

    /// `local@domain`.
    public var description: String { "\(localPart)@\(domain)" }

    /// The address with the local part lower-cased too: the key under which accounts are looked up,
    /// since users type their names in any case (as Postfix and Dovecot treat them).
    public var canonical: EmailAddress {
        EmailAddress(localPartUnchecked: localPart.lowercased(), domain: domain)
    }

    private init(localPartUnchecked: String, domain: String) {
        self.localPart = localPartUnchecked
        self.domain = domain
    }
}
