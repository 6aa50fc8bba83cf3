import MailCore
import MailroomConfig
import Testing

@testable import MailroomApp

@Suite("PendingProtocolHandler")
struct PendingProtocolHandlerTests {
    @Test("the IMAP listeners greet with BYE [UNAVAILABLE] until IMAP is built")
    func greeting() {
        #expect(PendingProtocolHandler(hostname: "mail.example.test").greeting
            == "* BYE [UNAVAILABLE] mail.example.test IMAP service not available yet\r\n")
    }

    @Test("inet_interfaces maps to bind addresses")
    func hosts() {
        #expect(InetInterfaces.all.requiredHosts == ["0.0.0.0"])
        #expect(InetInterfaces.loopbackOnly.requiredHosts == ["127.0.0.1"])
        #expect(InetInterfaces.loopbackOnly.optionalHosts == ["::1"])
        #expect(InetInterfaces.addresses([.init("192.0.2.7")!]).requiredHosts == ["192.0.2.7"])
    }
}
