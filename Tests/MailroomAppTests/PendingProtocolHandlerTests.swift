import MailCore
import MailroomConfig
import Testing

@testable import MailroomApp

@Suite("PendingProtocolHandler")
struct PendingProtocolHandlerTests {
    @Test("each listener greets in its own protocol's words", arguments: [
        (Listener.smtp, "554 5.3.2 mail.example.test smtp service not available yet\r\n"),
        (.submissions, "554 5.3.2 mail.example.test submissions service not available yet\r\n"),
        (.lmtp, "554 5.3.2 mail.example.test lmtp service not available yet\r\n"),
        (.imaps, "* BYE [UNAVAILABLE] mail.example.test IMAP service not available yet\r\n"),
        (.pop3, "-ERR [SYS/TEMP] mail.example.test POP3 service not available yet\r\n"),
    ])
    func greeting(listener: Listener, expected: String) {
        #expect(PendingProtocolHandler(listener: listener, hostname: "mail.example.test").greeting == expected)
    }

    @Test("inet_interfaces maps to bind addresses")
    func hosts() {
        #expect(InetInterfaces.all.requiredHosts == ["0.0.0.0"])
        #expect(InetInterfaces.loopbackOnly.requiredHosts == ["127.0.0.1"])
        #expect(InetInterfaces.loopbackOnly.optionalHosts == ["::1"])
        #expect(InetInterfaces.addresses([.init("192.0.2.7")!]).requiredHosts == ["192.0.2.7"])
    }
}
