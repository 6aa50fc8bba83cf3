import MailCore
import NIOCore
import Testing

@testable import DNSServer

@Suite("DNSClientAddress")
struct DNSClientAddressTests {
    @Test("the peer's address is read from the socket address, IPv4-mapped IPv6 as IPv4", arguments: [
        ("192.0.2.1", "192.0.2.1"), ("2001:db8::53", "2001:db8::53"), ("::ffff:192.0.2.7", "192.0.2.7"),
    ])
    func fromSocketAddress(written: String, expected: String) throws {
        let client = DNSClientAddress(try SocketAddress(ipAddress: written, port: 53))
        #expect(client.ipAddress == IPAddress(expected))
    }
}
