import Accounts
import MailCore
import MailroomConfig

/// Local recipients: alias expansion, then every final local mailbox mapped to an account.
///
/// - All `mydestination` domains share one set of users, as with Postfix's local(8): the mailbox
///   `local@domain` is looked up as given, then as `local@mydomain` (system accounts and bare
///   logins live there), first with its `+tag` extension, then without it. So `root@localhost` and
///   `postmaster@mail.example.test` (via `postmaster: root`) both reach `root@example.test`.
/// - The envelope recipient is the account's own address (`Delivered-To`); the extension is not kept,
///   since the account, not the address, names the mailbox. `originalRecipient` (`X-Original-To`) is
///   the qualified RCPT address whenever it differs from that: after an alias, an extension, another
///   local domain or a change of case. For a plain direct delivery it is `nil`, and the queue may write
///   `X-Original-To: address` then, as Postfix does for every local delivery.
/// - Alias destinations in other domains are relayed (`isLocal: false`), whoever the client is: the
///   administrator's aliases, not the client, chose them.
/// - `|program` and `/file` destinations, unknown users and alias problems in one branch drop that
///   branch (reported in `dropped`, 5.3.0 / 5.1.1 / the problem's status) while the others are still delivered,
///   as local(8) bounces only the failed branch. When nothing is left the RCPT is refused with the
///   first alias problem, else the first dropped branch. A database error refuses the whole RCPT
///   with 451 4.3.0, so the client retries and no branch is lost.
extension RecipientRouter {
    func routeLocal(_ address: EmailAddress, as recipient: String, expander: AliasExpander,
                    dropped reported: inout [RoutingRejection]) -> RoutingDecision {
        let original = address.description
        let expansion = expander.expand(address)
        var recipients: [MessageRecipient] = []
        var seen: Set<String> = []
        var problems = expansion.problems.map { RoutingRejection.aliasProblem(recipient, $0) }
        var dropped: [RoutingRejection] = []

        func add(_ final: String, isLocal: Bool) {
            guard seen.insert(final.lowercased()).inserted else { return }
            recipients.append(MessageRecipient(address: final, originalRecipient: final == original ? nil : original,
                                               isLocal: isLocal))
        }

        for destination in expansion.destinations {
            switch destination {
            case .mailbox(let localPart, let domain) where policy.isLocalDomain(domain):
                let account: Account?
                do {
                    account = try localAccount(localPart: localPart, domain: domain)
                } catch {
                    return .reject(.temporary(recipient, detail: "account lookup for \(localPart)@\(domain): \(error)"))
                }
                guard let account else {
                    let detail = expansion.isAlias ? "alias destination \(localPart)@\(domain) has no account" : nil
                    dropped.append(.unknownUser(recipient, detail: detail))
                    continue
                }
                add(account.address.description, isLocal: true)
            case .mailbox(let localPart, let domain):
                add("\(localPart)@\(domain)", isLocal: false)
            case .program, .file:
                dropped.append(.unsupportedDestination(recipient, destination: destination))
            }
        }
        problems += dropped
        guard !recipients.isEmpty else { return .reject(problems.first ?? .unknownUser(recipient)) }
        reported += problems
        return .accept(recipients)
    }

    /// The account of the local mailbox `localPart@domain`: tried in `domain`, then in `mydomain`;
    /// with the extension, then without it.
    func localAccount(localPart: String, domain: String) throws -> Account? {
        var localParts = [localPart]
        let delimiters = policy.recipientDelimiter
        if !delimiters.isEmpty, let cut = localPart.firstIndex(where: { delimiters.contains($0) }),
           cut != localPart.startIndex {
            localParts.append(String(localPart[..<cut]))
        }
        let domains = domain == policy.mydomain ? [domain] : [domain, policy.mydomain]
        for name in localParts {
            for domain in domains {
                guard let address = EmailAddress(localPart: name, domain: domain) else { continue }
                if let account = try account(for: address) { return account }
            }
        }
        return nil
    }
}
