import Foundation
import MailCore
import Testing

@Suite("RFC5322Date")
struct RFC5322DateTests {
    @Test("RFC 5322 §3.3 date in UTC, with Postfix's zone comment")
    func date() {
        setenv("TZ", "UTC", 1)
        tzset()
        #expect(RFC5322Date.format(Date(timeIntervalSince1970: 1_795_656_225)) == "Thu, 26 Nov 2026 01:23:45 +0000 (UTC)")
        #expect(RFC5322Date.format(Date(timeIntervalSince1970: 0)) == "Thu, 1 Jan 1970 00:00:00 +0000 (UTC)")
    }
}
