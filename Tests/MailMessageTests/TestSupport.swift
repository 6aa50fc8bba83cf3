import MailMessage

/// How a fixture's lines end once stored: CRLF as on the wire, LF as in Maildir files.
enum LineEnd: CaseIterable, CustomStringConvertible {
    case crlf
    case lf

    var description: String { self == .crlf ? "CRLF" : "LF" }
}

/// `text` (written with LF) as stored with `lineEnd`.
func stored(_ text: String, _ lineEnd: LineEnd = .crlf) -> [UInt8] {
    let bytes = Array(text.utf8)
    guard lineEnd == .crlf else { return bytes }
    return bytes.flatMap { $0 == 0x0A ? [0x0D, 0x0A] : [$0] }
}

/// The bytes of `span` in `message`, as text.
func sliceText(_ span: ByteSpan?, in message: [UInt8]) -> String? {
    span.map { String(decoding: message[$0.range], as: UTF8.self) }
}

extension MessageStructure {
    /// The bytes of `section` as text, LF line ends (whatever the stored ones were).
    func slice(_ part: [Int], _ section: BodySection.Text = .content, in message: [UInt8]) -> String? {
        sliceText(span(of: BodySection(part: part, text: section)), in: message).map {
            $0.replacingOccurrences("\r\n", with: "\n")
        }
    }
}

extension String {
    /// `self` with every `target` replaced (no Foundation in these tests).
    func replacingOccurrences(_ target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
