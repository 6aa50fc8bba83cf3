/// The change a downgrade makes to one header section (RFC 6152 §3): the Content-Transfer-Encoding that the
/// converted body needs, and `MIME-Version: 1.0` for a message whose body became MIME-encoded (RFC 2045 §4).
/// Every other line is kept as written, 8-bit octets included.
struct HeaderEdit: Hashable, Sendable {
    /// The encoding to declare (`quoted-printable`, `7bit`), or nil to leave the field alone.
    var transferEncoding: String?
    /// Adds `MIME-Version: 1.0` when the section has no MIME-Version field.
    var addsMIMEVersion = false

    /// True when applying the edit could change nothing.
    var isEmpty: Bool { transferEncoding == nil && !addsMIMEVersion }

    /// `fields` (a header section without its empty line, read into `header`) with the edit made: every
    /// Content-Transfer-Encoding field (its folded lines included) replaced by one line naming the encoding, or,
    /// when there is none, that line added at the end; then the MIME-Version line added at the end if asked.
    /// Duplicate fields each become the one line, so the number of fields stays what it was (the parser reads
    /// only the first ``MIMELimits/maximumHeaderFields``).
    func applied(to fields: [UInt8], header: MessageHeader) -> [UInt8] {
        var edited: [UInt8] = []
        edited.reserveCapacity(fields.count + 80)
        var copied = 0
        var declared = false
        if let encoding = transferEncoding {
            for field in header.fields where field.isNamed("content-transfer-encoding") {
                edited += fields[copied..<field.lines.lowerBound]
                edited += Self.line("Content-Transfer-Encoding", encoding)
                copied = field.lines.upperBound
                declared = true
            }
        }
        edited += fields[copied...]
        var added: [UInt8] = []
        if let encoding = transferEncoding, !declared { added += Self.line("Content-Transfer-Encoding", encoding) }
        if addsMIMEVersion, !header.fields.contains(where: { $0.isNamed("mime-version") }) {
            added += Self.line("MIME-Version", "1.0")
        }
        // A section ended by its empty line ends in a line end; this guards a caller that passes less.
        if !added.isEmpty, !edited.isEmpty, edited.last != ASCII.lineFeed { edited += [ASCII.carriageReturn, ASCII.lineFeed] }
        return edited + added
    }

    private static func line(_ name: String, _ value: String) -> [UInt8] {
        Array("\(name): \(value)\r\n".utf8)
    }
}
