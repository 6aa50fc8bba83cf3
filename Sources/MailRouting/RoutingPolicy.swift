import MailCore
import MailroomConfig

/// The address classes of Postfix's trivial-rewrite(8) and smtpd(8) relay control, as plain values:
/// which domains are delivered here (`mydestination`), which are accepted and relayed
/// (`relay_domains`), which clients may relay anywhere (`mynetworks`), and how bare names are
/// qualified (`myorigin`, `mydomain`).
///
/// Domain matching follows Postfix's defaults: a `mydestination` domain matches only itself; a
/// `relay_domains` entry `example.com` also matches its subdomains (Postfix's
/// `parent_domain_matches_subdomains` includes `relay_domains`), and `.example.com` matches only
/// subdomains. Comparisons ignore case and one trailing dot (`example.test.`).
public struct RoutingPolicy: Sendable, Hashable {
    /// `mydestination`, lower-cased: the domains delivered to local accounts.
    public var localDomains: Set<String>
    /// `relay_domains`, lower-cased: other domains accepted from anyone and relayed onward.
    public var relayDomains: [String]
    /// `mynetworks`: clients that may relay to any domain without authenticating.
    public var mynetworks: [IPNetwork]
    /// `recipient_delimiter`: each character starts an address extension (`user+tag`); empty for none.
    public var recipientDelimiter: String
    /// `myorigin`: the domain appended to unqualified addresses.
    public var myorigin: String
    /// `mydomain`: the domain of every account found by bare name, and of a bare `postmaster`.
    public var mydomain: String

    /// A policy from explicit values; domains are lower-cased.
    public init(
        localDomains: some Sequence<String>,
        relayDomains: [String] = [],
        mynetworks: [IPNetwork] = [],
        recipientDelimiter: String = "+",
        myorigin: String,
        mydomain: String
    ) {
        self.localDomains = Set(localDomains.map(Self.normalized))
        self.relayDomains = relayDomains.map { $0.lowercased() }
        self.mynetworks = mynetworks
        self.recipientDelimiter = recipientDelimiter
        self.myorigin = Self.normalized(myorigin)
        self.mydomain = Self.normalized(mydomain)
    }

    /// The policy `settings` describe.
    public init(settings: Settings) {
        self.init(localDomains: settings.mydestination, relayDomains: settings.relayDomains,
                  mynetworks: settings.mynetworks, recipientDelimiter: settings.recipientDelimiter,
                  myorigin: settings.myorigin, mydomain: settings.mydomain)
    }

    /// True when mail for `domain` is delivered here (`mydestination`).
    public func isLocalDomain(_ domain: String) -> Bool {
        localDomains.contains(Self.normalized(domain))
    }

    /// True when mail for `domain` is accepted from anyone and relayed (`relay_domains`).
    public func isRelayDomain(_ domain: String) -> Bool {
        let domain = Self.normalized(domain)
        return relayDomains.contains { entry in
            if entry.hasPrefix(".") { return domain.hasSuffix(entry) }
            return domain == entry || domain.hasSuffix("." + entry)
        }
    }

    /// True when the client may relay without authenticating (`permit_mynetworks`).
    public func isTrustedNetwork(_ address: IPAddress?) -> Bool {
        guard let address else { return false }
        return mynetworks.contains { $0.contains(address) }
    }

    /// A reverse-path with `@myorigin` appended when it has no domain (Postfix `append_at_myorigin`);
    /// the null sender (empty) stays empty.
    public func qualify(sender: String) -> String {
        guard !sender.isEmpty, !sender.contains("@") else { return sender }
        return sender + "@" + myorigin
    }

    /// A forward-path with a domain: a bare `postmaster` (any case; RFC 5321 §4.1.1.3) becomes
    /// `postmaster@mydomain`, any other bare name gets `@myorigin`; full addresses are unchanged.
    public func qualify(recipient: String) -> String {
        guard !recipient.isEmpty, !recipient.contains("@") else { return recipient }
        if recipient.lowercased() == "postmaster" { return recipient + "@" + mydomain }
        return recipient + "@" + myorigin
    }

    /// `domain` lower-cased, without one trailing dot.
    static func normalized(_ domain: String) -> String {
        let lower = domain.lowercased()
        return lower.hasSuffix(".") ? String(lower.dropLast()) : lower
    }
}
