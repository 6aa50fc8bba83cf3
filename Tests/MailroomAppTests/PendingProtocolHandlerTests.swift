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
}
