import Testing

@testable import MailStore

/// CRLF → LF for Maildir files, in any chunking, bare CRs kept.
@Suite("LineEndFolder")
struct LineEndFolderTests {
    @Test("every split of the input gives the same file", arguments: [
        ("a\r\nb\r\n", "a\nb\n"), ("a\rb\r\n\r", "a\rb\n\r"), ("\r\r\n", "\r\n"), ("x\ny", "x\ny"), ("", ""),
    ])
    func folds(_ input: String, _ expected: String) {
        let bytes = Array(input.utf8)
        for cut in 0...bytes.count {
            var folder = LineEndFolder()
            var output: [UInt8] = []
            bytes[..<cut].withUnsafeBytes { folder.encode($0, into: &output) }
            bytes[cut...].withUnsafeBytes { folder.encode($0, into: &output) }
            folder.finish(into: &output)
            #expect(output == Array(expected.utf8))
        }
    }
}
