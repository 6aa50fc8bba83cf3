import MailCore
import MailroomConfig

extension InetInterfaces {
    /// The addresses to bind. `all` binds the IPv4 wildcard; `loopback-only` binds 127.0.0.1, and ::1
    /// where the host has IPv6 (``optionalHosts``), as Postfix does with `inet_protocols = all`.
    var requiredHosts: [String] {
        switch self {
        case .all: ["0.0.0.0"]
        case .loopbackOnly: ["127.0.0.1"]
        case .addresses(let addresses): addresses.map(\.description)
        }
    }

    /// Addresses bound when the host supports them; a failure to bind them is not fatal.
    var optionalHosts: [String] {
        self == .loopbackOnly ? ["::1"] : []
    }
}
