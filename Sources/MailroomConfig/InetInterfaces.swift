import MailCore

/// Postfix's `inet_interfaces`: the local addresses the listeners bind to.
public enum InetInterfaces: Hashable, Sendable {
    /// Every address of the host (`all`).
    case all
    /// `127.0.0.1` and `::1` only (`loopback-only`, or `localhost` as CentOS's main.cf writes it).
    case loopbackOnly
    /// The listed addresses.
    case addresses([IPAddress])

    // inet_interfaces = "all" / "loopback-only" / "localhost" / 1*(address [list-separator])
    static func parse(_ text: String) throws(ValueError) -> InetInterfaces {
        switch text.lowercased() {
        case "all": return .all
        case "loopback-only", "localhost": return .loopbackOnly
        default: break
        }
        var addresses: [IPAddress] = []
        for element in ValueParser.list(text) {
            let bare = element.hasPrefix("[") && element.hasSuffix("]") ? String(element.dropFirst().dropLast()) : element
            guard let address = IPAddress(bare) else {
                throw ValueError(element, "is not all, loopback-only or an IP address")
            }
            addresses.append(address)
        }
        guard !addresses.isEmpty else { throw ValueError(text, "is not all, loopback-only or an IP address") }
        return .addresses(addresses)
    }
}
