import FuzzSupport
@testable import MailStore

/// libFuzzer entry point for the mboxrd reader (RFC 4155): `MboxReader.scan` over bytes in memory, the
/// same scan the stores run over the open mailbox.
///
/// The input's first byte says how many control bytes follow; the rest is the payload (see
/// `ControlledInput`). Two checks per input:
/// - the payload as a mailbox: the entries are exactly the `From ` lines at the start or after an
///   empty line (checked against a line-by-line model), each content range runs from after its `From `
///   line to the next entry less the separator, keys are unique, and each key's digest is what
///   `FolderFiles` recomputes to find the entry again; a `Status: RO` header added to each entry
///   (as mail readers add it) changes no key;
/// - the payload cut at the control bytes' points into messages, each written by `MboxrdEncoder` after a
///   `From ` line: the scan finds one entry per message, and each entry, unquoted by
///   `StoredMessageDecoder`, is the message with CRLF line ends.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMboxReader(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = ControlledInput(fuzzInput(data, size))
    checkMailbox(input.payload)
    checkRoundTrip(input.pieces)
    return 0
}

private func scan(_ mailbox: [UInt8]) -> [MboxReader.Entry] {
    do {
        return try MboxReader.scan(mailbox).entries
    } catch {
        fatalError("scanning bytes in memory threw: \(error)")
    }
}

private func checkMailbox(_ mailbox: [UInt8]) {
    let entries = scan(mailbox)
    let starts = fromLineStarts(mailbox)
    fuzzCheck(entries.map(\.fromLine) == starts.map(Int64.init),
              "entries at \(entries.map(\.fromLine)), From lines at \(starts)")
    fuzzCheck(Set(entries.map(\.key)).count == entries.count, "duplicate keys: \(entries.map(\.key))")
    for (index, entry) in entries.enumerated() {
        let start = Int(entry.fromLine)
        let end = index + 1 < entries.count ? Int(entries[index + 1].fromLine) : mailbox.count
        let lineEnd = mailbox[start..<end].firstIndex(of: newline).map { $0 + 1 } ?? end
        var contentEnd = end
        if end - lineEnd == 1 || mailbox[lineEnd..<end].suffix(2) == [newline, newline] { contentEnd -= 1 }
        fuzzCheck(entry.content == Int64(lineEnd)..<Int64(contentEnd),
                  "entry \(index): content \(entry.content), expected \(lineEnd)..<\(contentEnd)")
        // FolderFiles' mboxRange (MboxReader.entry): the From line read back and the content give the key's digest.
        let digest = try? MboxReader.digest(mailbox, fromLine: Array(mailbox[start..<lineEnd]), content: entry.content)
        fuzzCheck(digest.map { entry.key.hasPrefix($0 + ".") } == true, "entry \(index): key \(entry.key) is not found again")
    }
    checkStatusHeaderKeepsKeys(mailbox, entries)
}

/// The offsets of lines starting with `From ` at the start or after an empty line, read line by line.
private func fromLineStarts(_ mailbox: [UInt8]) -> [Int] {
    var starts: [Int] = []
    var lineStart = 0
    var previousEmpty = true
    while lineStart < mailbox.count {
        let lineEnd = mailbox[lineStart...].firstIndex(of: newline) ?? mailbox.count
        if previousEmpty, mailbox[lineStart..<lineEnd].starts(with: "From ".utf8) { starts.append(lineStart) }
        previousEmpty = lineEnd == lineStart
        lineStart = lineEnd + 1
    }
    return starts
}

/// s-nail and mail(1) add `Status: RO` at the end of a read message's header; the key must not change.
private func checkStatusHeaderKeepsKeys(_ mailbox: [UInt8], _ entries: [MboxReader.Entry]) {
    guard mailbox.count < 60_000 else { return }  // the digest reads at most 64 KiB of header
    var edited: [UInt8] = []
    var copied = 0
    for entry in entries {
        let content = mailbox[Int(entry.content.lowerBound)..<Int(entry.content.upperBound)]
        // The empty line (LF or CRLF) that ends the header, as the digest finds it.
        var lineStart = content.startIndex
        var headerEnd: Int?
        while let lineFeed = content[lineStart...].firstIndex(of: newline) {
            if lineFeed == lineStart || (lineFeed == lineStart + 1 && content[lineStart] == carriageReturn) {
                headerEnd = lineStart
                break
            }
            lineStart = lineFeed + 1
        }
        guard let headerEnd else { continue }
        edited += mailbox[copied..<headerEnd] + Array("Status: RO\n".utf8)
        copied = headerEnd
    }
    edited += mailbox[copied...]
    let editedKeys = scan(edited).map(\.key)
    fuzzCheck(editedKeys == entries.map(\.key), "Status: RO changed the keys \(entries.map(\.key)) to \(editedKeys)")
}

private func checkRoundTrip(_ messages: [ArraySlice<UInt8>]) {
    var mailbox: [UInt8] = []
    for message in messages {
        mailbox += MboxFromLine.make(sender: "MAILER-DAEMON", time: 1_700_000_000)
        var encoder = MboxrdEncoder()
        message.withUnsafeBytes { encoder.encode($0, into: &mailbox) }
        encoder.finish(into: &mailbox)
    }
    let entries = scan(mailbox)
    fuzzCheck(entries.count == messages.count, "\(messages.count) messages written, \(entries.count) read")
    for (message, entry) in zip(messages, entries) {
        var decoder = StoredMessageDecoder(unquotesMboxrd: true)
        var read: [UInt8] = []
        let content = mailbox[Int(entry.content.lowerBound)..<Int(entry.content.upperBound)]
        content.withUnsafeBytes { decoder.decode($0, into: &read) }
        decoder.finish(into: &read)
        fuzzCheck(read == readBack(message), "message \(Array(message)) read back as \(read)")
    }
}

/// The message as POP3 and IMAP read it back: every line ended with CRLF. mbox keeps LF line ends, so a
/// CRLF is stored as LF and a CR left before it (or at the very end) reads back as part of a CRLF.
private func readBack(_ message: ArraySlice<UInt8>) -> [UInt8] {
    guard !message.isEmpty else { return [] }
    var lines = message.split(separator: newline, omittingEmptySubsequences: false)
    let terminated = message.last == newline
    if terminated { lines.removeLast() }
    var out: [UInt8] = []
    for (index, line) in lines.enumerated() {
        var content = Array(line)
        if index < lines.count - 1 || terminated, content.last == carriageReturn { content.removeLast() }
        out += content
        out += content.last == carriageReturn ? [newline] : [carriageReturn, newline]
    }
    return out
}

private let newline = UInt8(ascii: "\n")
private let carriageReturn = UInt8(ascii: "\r")

runLibFuzzer(fuzzMboxReader)
