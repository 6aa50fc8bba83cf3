import MailCore
import Testing

@Suite("Client text in log lines")
struct LogTextTests {
    @Test("CR, LF, NUL, ESC, DEL and backslash are escaped; other text, UTF-8 included, is kept",
          arguments: [
              ("alice@example.test", "alice@example.test"),
              ("a\r\nFAKE login ok", "a\\x0D\\x0AFAKE login ok"),
              ("nul\u{0}\u{1B}[31m\u{7F}", "nul\\x00\\x1B[31m\\x7F"),
              ("back\\slash", "back\\x5Cslash"),
              ("张伟", "张伟"),
          ])
    func escapes(input: String, logged: String) {
        #expect(input.escapedForLog == logged)
        #expect(!input.escapedForLog.contains { $0.isNewline })
    }
}
