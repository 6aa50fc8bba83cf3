#if canImport(Glibc)
import Glibc
#endif
import MailCore
import NIOCore

/// Where a query came from. The IP address is worked out only when a rule asks for it (an
/// `allow-query` or `allow-transfer` list), so open zones pay nothing for it per query.
public struct DNSClientAddress: Sendable {
    private let socketAddress: SocketAddress?
    private let known: IPAddress?

    init(_ socketAddress: SocketAddress) {
        self.socketAddress = socketAddress
        self.known = nil
    }

    /// A client known by its IP address (tests, TCP connections).
    public init(_ address: IPAddress?) {
        self.socketAddress = nil
        self.known = address
    }

    /// The peer's IP address (an IPv4-mapped IPv6 address as IPv4), or `nil` for a socket without one.
    public var ipAddress: IPAddress? {
        if let known { return known }
        return socketAddress?.withSockAddr { pointer, _ in
            // The address octets sit at fixed offsets of sockaddr_in (4) and sockaddr_in6 (8), read
            // straight from memory rather than through text.
            let raw = UnsafeRawPointer(pointer)
            switch Int32(pointer.pointee.sa_family) {
            case AF_INET: return IPAddress(bytes: Array(UnsafeRawBufferPointer(start: raw + 4, count: 4)))
            case AF_INET6: return IPAddress(bytes: Array(UnsafeRawBufferPointer(start: raw + 8, count: 16)))?.unmapped
            default: return nil
            }
        }
    }
}
