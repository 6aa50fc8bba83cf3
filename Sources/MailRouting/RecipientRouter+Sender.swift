import MailCore
import MailroomConfig

/// Who may use which sender address: Postfix's `reject_sender_login_mismatch` over
/// `smtpd_sender_login_maps`, with each account also owning its own addresses.
extension RecipientRouter {
    /// Whether the login `identity` (its account's address) may send as `sender`.
    ///
    /// - An entry for `sender` in `smtpd_sender_login_maps` (`address login, login`; `@domain` for a
    ///   domain) decides alone: the login must be one of its owners (a bare owner name is
    ///   `name@mydomain`, as a bare login is).
    /// - Otherwise the address must be delivered here to that account and nobody else: the account's own
    ///   address, with or without an extension (`user+tag`), or an alias that expands to it alone.
    /// Any other sender, a remote one above all, is refused, as Postfix refuses an address the maps
    /// do not give to the login.
    public func isSender(_ sender: String, ownedBy identity: String) -> Bool {
        guard let address = EmailAddress(policy.qualify(sender: sender)) else { return false }
        let login = identity.lowercased()
        let (_, tables) = current()
        if let owners = tables.senderLogins.value(forAddress: address.description,
                                                  recipientDelimiter: policy.recipientDelimiter) {
            return owners.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\t" }).contains { owner in
                let name = owner.lowercased()
                return (name.contains("@") ? name : name + "@" + policy.mydomain) == login
            }
        }
        guard policy.isLocalDomain(address.domain),
              case .accept(let recipients) = route(recipient: address.description,
                                                   client: ClientContext(address: nil, isAuthenticated: true))
        else { return false }
        return !recipients.isEmpty && recipients.allSatisfy { $0.isLocal && $0.address.lowercased() == login }
    }
}
