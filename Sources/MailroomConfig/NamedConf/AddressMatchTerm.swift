import MailCore

/// What one address match list element tests, before any `!` (BIND ARM "Address Match Lists").
public enum AddressMatchTerm: Sendable, Hashable {
    /// An address (a full-length prefix) or a CIDR prefix such as `192.0.2.0/24`.
    case network(IPNetwork)
    /// `any`: every address.
    case any
    /// `none`: no address.
    case none
    /// `localhost`: in BIND, the host's own addresses. mailroom does not enumerate interfaces,
    /// so this is the loopback addresses (`127.0.0.0/8`, `::1`), which is what a request
    /// from this host normally comes from.
    case localhost
    /// `localnets`: in BIND, the networks the host's interfaces are on. Treated like
    /// `localhost` (loopback only) for the same reason; a list that needs a LAN should
    /// name its prefix.
    case localnets
    /// `key NAME`: requests signed with that TSIG key. The name is canonical: lower-cased,
    /// without a trailing dot.
    case key(String)
    /// A reference to an `acl` statement, with that ACL's list resolved.
    case acl(name: String, list: AddressMatchList)
    /// A nested `{ ... }` list.
    case list(AddressMatchList)

    /// Whether the term matches a request from `address` signed with `keyName` (canonical
    /// form, `nil` when unsigned). A nested list or ACL matches only when it positively
    /// allows the request; a denial inside it counts as no match, as in BIND's
    /// `dns_aclelement_match` (so `!` on a nested list can never turn an inner denial into a
    /// surprise allow).
    func matches(address: IPAddress, keyName: String?) -> Bool {
        switch self {
        case .network(let network): network.contains(address)
        case .any: true
        case .none: false
        case .localhost, .localnets: Self.loopback.contains { $0.contains(address) }
        case .key(let name): name == keyName
        case .acl(_, let list), .list(let list): list.evaluate(address: address, keyName: keyName) == true
        }
    }

    /// `127.0.0.0/8` and `::1/128`.
    static let loopback: [IPNetwork] = ["127.0.0.0/8", "::1/128"].compactMap { IPNetwork($0) }

    /// The term in named.conf syntax.
    var text: String {
        switch self {
        case .network(let network):
            network.prefixLength == network.address.bytes.count * 8
                ? "\(network.address)" : "\(network.address)/\(network.prefixLength)"
        case .any: "any"
        case .none: "none"
        case .localhost: "localhost"
        case .localnets: "localnets"
        case .key(let name): "key \"\(name)\""
        case .acl(let name, _): "\"\(name)\""
        case .list(let list): list.description
        }
    }
}
