import MailCore
import MailroomConfig

/// The addresses `inet_interfaces` and `inet_protocols` give the listeners, as Postfix binds them:
/// `all` is the IPv4 wildcard and the IPv6 one (`0.0.0.0` and `::`), `loopback-only` is `127.0.0.1`
/// and `::1`, each for the versions `inet_protocols` names; listed addresses are bound as written.
///
/// With both versions, the IPv6 address is optional: a host without IPv6 (or with it disabled) still
/// starts, with a log line, as Postfix does.
struct ListenAddresses {
    let interfaces: InetInterfaces
    let protocols: InetProtocols

    /// `(host, required)` pairs in bind order.
    var hosts: [(host: String, required: Bool)] {
        let (v4, v6): (String, String)
        switch interfaces {
        case .addresses(let addresses): return addresses.map { ($0.description, true) }
        case .all: (v4, v6) = ("0.0.0.0", "::")
        case .loopbackOnly: (v4, v6) = ("127.0.0.1", "::1")
        }
        var hosts: [(String, Bool)] = []
        if protocols.ipv4 { hosts.append((v4, true)) }
        if protocols.ipv6 { hosts.append((v6, !protocols.ipv4)) }
        return hosts
    }
}
