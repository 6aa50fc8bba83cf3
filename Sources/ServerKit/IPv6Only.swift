import NIOCore
import NIOPosix

/// `IPV6_V6ONLY` on IPv6 sockets, so that `::` and `0.0.0.0` (Postfix's `inet_interfaces = all` with
/// `inet_protocols = all`) are bound side by side instead of the IPv6 socket claiming IPv4 as well.
enum IPv6Only {
    static let option = ChannelOptions.Types.SocketOption(level: .ipv6, name: .ipv6_v6only)

    static func isIPv6(_ host: String) -> Bool { host.contains(":") }
}

extension ServerBootstrap {
    /// The bootstrap, with `IPV6_V6ONLY` set when `host` is an IPv6 address.
    func ipv6Only(for host: String) -> ServerBootstrap {
        IPv6Only.isIPv6(host) ? serverChannelOption(IPv6Only.option, value: 1) : self
    }
}

extension DatagramBootstrap {
    /// The bootstrap, with `IPV6_V6ONLY` set when `host` is an IPv6 address.
    public func ipv6Only(for host: String) -> DatagramBootstrap {
        IPv6Only.isIPv6(host) ? channelOption(IPv6Only.option, value: 1) : self
    }
}
