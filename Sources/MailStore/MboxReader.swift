import Glibc

/// Finds the entries of an mboxrd file (RFC 4155) and gives each a key that survives a rewrite by mail(1)
/// or s-nail.
///
/// An entry starts at a line beginning with `From ` at the start of the file or after an empty line;
/// mboxrd writers quote every other such line. The blank line that ends an entry is the separator, not
/// part of the message. Bytes before the first `From ` line belong to no message (and are kept by
/// rewrites).
///
/// ## Keys
/// An mbox message has no name, so its key is a digest: FNV-1a-64 (``FNV1a64``) over its `From ` line,
/// the first 4 KiB of the message with the header fields mail readers add or change removed (`Status`,
/// `X-Status`, `X-Keywords`, `X-UID`, `X-IMAP`, `X-IMAPbase`, `Content-Length`, `Lines`), and the length
/// of the message without those fields; then `.N`, counting earlier entries with the same digest, so exact
/// duplicates stay apart. s-nail adding `Status: RO` after the user read the message does not change it.
enum MboxReader {
    struct Entry: Equatable {
        var fromLine: Int64
        var content: Range<Int64>
        var key: String
    }

    private static let chunkSize = 65536
    private static let headPrefix = 4096
    private static let headerLimit = 65536
    private static let volatileFields: Set<String> = [
        "status", "x-status", "x-keywords", "x-uid", "x-imap", "x-imapbase", "content-length", "lines",
    ]

    /// The entries of the open mbox `file`, in file order, with their keys; and the file's size.
    static func scan(_ file: some PositionalBytes) throws(MailStoreError) -> (entries: [Entry], size: Int64) {
        let starts = try fromLineStarts(file)
        let size = try file.byteCount()
        var entries: [Entry] = []
        var occurrences: [String: Int] = [:]
        for (index, start) in starts.enumerated() {
            let end = index + 1 < starts.count ? starts[index + 1] : size
            let head = try file.read(count: Int(min(end - start, 4096)), at: start)
            let lineLength = head.firstIndex(of: UInt8(ascii: "\n")).map { Int64($0) + 1 } ?? min(end - start, Int64(head.count))
            let contentStart = start + lineLength
            var contentEnd = end
            if contentEnd - contentStart >= 2 {
                let tail = try file.read(count: 2, at: contentEnd - 2)
                if tail == [UInt8(ascii: "\n"), UInt8(ascii: "\n")] { contentEnd -= 1 }
            } else if contentEnd - contentStart == 1 {
                // An empty message: just the separator line.
                contentEnd = contentStart
            }
            let digest = try digest(file, fromLine: Array(head.prefix(Int(lineLength))), content: contentStart..<contentEnd)
            let occurrence = occurrences[digest, default: 0]
            occurrences[digest] = occurrence + 1
            entries.append(Entry(fromLine: start, content: contentStart..<contentEnd, key: "\(digest).\(occurrence)"))
        }
        return (entries, size)
    }

    /// The key's digest part for one entry, without the occurrence counter.
    static func digest(_ file: some PositionalBytes, fromLine: [UInt8], content: Range<Int64>) throws(MailStoreError) -> String {
        let head = try file.read(count: Int(min(Int64(headerLimit), content.upperBound - content.lowerBound)), at: content.lowerBound)
        var filtered: [UInt8] = []
        var removed = 0
        var offset = 0
        var skipping = false
        // Header lines up to the empty line; a continuation line goes with its field.
        while offset < head.count {
            guard let newline = head[offset...].firstIndex(of: UInt8(ascii: "\n")) else { break }
            let line = head[offset...newline]
            offset = newline + 1
            if line.count == 1 || (line.count == 2 && line.first == UInt8(ascii: "\r")) {
                filtered += line
                break
            }
            if let first = line.first, first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") {
                // continuation: same fate as the field it continues
            } else {
                let name = line.prefix { $0 != UInt8(ascii: ":") }
                skipping = volatileFields.contains(String(decoding: name, as: UTF8.self).lowercased())
            }
            if skipping {
                removed += line.count
            } else if filtered.count < headPrefix {
                filtered += line
            }
        }
        if filtered.count < headPrefix, offset < head.count {
            filtered += head[offset..<min(head.count, offset + headPrefix - filtered.count)]
        }
        var hash = FNV1a64()
        hash.add(fromLine)
        hash.add(filtered.prefix(headPrefix))
        hash.add("\(content.upperBound - content.lowerBound - Int64(removed))".utf8)
        return hash.hex
    }

    /// The offsets of the lines that start entries.
    private static func fromLineStarts(_ file: some PositionalBytes) throws(MailStoreError) -> [Int64] {
        let from = Array("From ".utf8)
        var starts: [Int64] = []
        var offset: Int64 = 0
        var lineStart: Int64 = 0
        var lineLength = 0
        var previousLineEmpty = true
        /// Bytes of `From ` matched at the start of the current line; -1 once it cannot match.
        var matched = 0
        while true {
            let chunk = try file.read(count: chunkSize, at: offset)
            if chunk.isEmpty { break }
            for byte in chunk {
                if byte == UInt8(ascii: "\n") {
                    previousLineEmpty = lineLength == 0
                    lineLength = 0
                    matched = 0
                    lineStart = offset + 1
                } else {
                    if matched >= 0, previousLineEmpty {
                        if byte == from[matched] {
                            matched += 1
                            if matched == from.count {
                                starts.append(lineStart)
                                matched = -1
                            }
                        } else {
                            matched = -1
                        }
                    }
                    lineLength += 1
                }
                offset += 1
            }
        }
        return starts
    }
}

extension MboxReader {
    /// Whether the entry with `key` is still at `fromLine` / `content` in `file`: its bytes there still
    /// have its digest (mail(1) may have rewritten the file since it was listed).
    static func entry(key: String, fromLine: Int64, content: Range<Int64>, isStillIn file: SystemFile) throws(MailStoreError) -> Bool {
        guard Int64(try file.status().st_size) >= content.upperBound, content.lowerBound > fromLine else { return false }
        let line = try file.read(count: Int(content.lowerBound - fromLine), at: fromLine)
        guard line.starts(with: Array("From ".utf8)), line.last == UInt8(ascii: "\n") else { return false }
        let digest = try digest(file, fromLine: line, content: content)
        return key.hasPrefix(digest + ".")
    }
}
