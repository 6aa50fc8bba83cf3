#if canImport(Glibc)
import Glibc
#endif
import MailCore
import MailroomConfig

/// The addresses other hosts can reach this one at: what an A or AAAA record for `myhostname` should
/// hold.
public enum HostAddresses {
    /// `inet_interfaces`' own addresses when it lists some, else every interface address that is not
    /// loopback, link-local or private-use (RFC 1918, RFC 4193), from getifaddrs(3).
    public static func reachable(_ interfaces: InetInterfaces) -> [IPAddress] {
        if case .addresses(let listed) = interfaces {
            return listed.filter(isReachable)
        }
        return interfaceAddresses().filter(isReachable)
    }

    /// The addresses the listeners answer on: `inet_interfaces`' list, the loopback addresses, or
    /// (`all`) every interface address.
    public static func listening(_ interfaces: InetInterfaces) -> [IPAddress] {
        switch interfaces {
        case .addresses(let listed): listed
        case .loopbackOnly: [IPAddress("127.0.0.1")!, IPAddress("::1")!]
        case .all: interfaceAddresses()
        }
    }

    /// Every address of every interface, from getifaddrs(3).
    private static func interfaceAddresses() -> [IPAddress] {
        var first: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&first) == 0 else { return [] }
        defer { freeifaddrs(first) }
        var found: [IPAddress] = []
        var cursor = first
        while let entry = cursor {
            defer { cursor = entry.pointee.ifa_next }
            guard let socketAddress = entry.pointee.ifa_addr else { continue }
            let address: IPAddress?
            switch Int32(socketAddress.pointee.sa_family) {
            case AF_INET:
                address = socketAddress.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { pointer in
                    withUnsafeBytes(of: pointer.pointee.sin_addr) { IPAddress(bytes: Array($0)) }
                }
            case AF_INET6:
                address = socketAddress.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { pointer in
                    withUnsafeBytes(of: pointer.pointee.sin6_addr) { IPAddress(bytes: Array($0)) }
                }
            default:
                address = nil
            }
            if let address, !found.contains(address) { found.append(address) }
        }
        return found
    }

    private static let unreachable = [
        "127.0.0.0/8", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16", "0.0.0.0/8",
        "::1/128", "::/128", "fe80::/10", "fc00::/7",
    ].compactMap { IPNetwork($0) }

    static func isReachable(_ address: IPAddress) -> Bool {
        !unreachable.contains { $0.contains(address) }
    }
}
