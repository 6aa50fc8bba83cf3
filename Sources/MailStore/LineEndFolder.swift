import Glibc

/// Writes CRLF line ends as LF, streaming: Maildir files hold LF line ends, as Postfix local(8) and
/// Dovecot write them, so a Maildir shared with them (or read by mutt and mbsync) looks the same
/// whoever delivered into it. Readers give every LF its CR back (``StoredMessageDecoder``), and the
/// `W=` field keeps the CRLF size, so POP3 and IMAP sizes stay exact.
///
/// A CR not followed by LF is kept. Chunks may split a CRLF pair anywhere: a CR at the end of a chunk
/// waits for the next one. Runs without a CR are copied whole (`memchr`), since this is on the path of
/// every delivery.
struct LineEndFolder {
    private var pendingCarriageReturn = false

    mutating func encode(_ input: UnsafeRawBufferPointer, into output: inout [UInt8]) {
        guard let base = input.baseAddress, !input.isEmpty else { return }
        var index = 0
        if pendingCarriageReturn {
            pendingCarriageReturn = false
            if input[0] != UInt8(ascii: "\n") { output.append(UInt8(ascii: "\r")) }
        }
        while index < input.count {
            guard let found = memchr(base + index, Int32(UInt8(ascii: "\r")), input.count - index) else {
                output.append(contentsOf: UnsafeRawBufferPointer(rebasing: input[index...]))
                return
            }
            let carriageReturn = UnsafeRawPointer(found) - base
            output.append(contentsOf: UnsafeRawBufferPointer(rebasing: input[index..<carriageReturn]))
            index = carriageReturn + 1
            if index == input.count {
                pendingCarriageReturn = true
            } else if input[index] != UInt8(ascii: "\n") {
                output.append(UInt8(ascii: "\r"))
            }
        }
    }

    /// A CR left at the very end is kept.
    mutating func finish(into output: inout [UInt8]) {
        if pendingCarriageReturn { output.append(UInt8(ascii: "\r")) }
        pendingCarriageReturn = false
    }
}
