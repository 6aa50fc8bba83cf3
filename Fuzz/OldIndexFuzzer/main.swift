import FuzzSupport
@testable import MailStore

/// libFuzzer entry point for the reader of the `mailroom.index` files earlier versions left beside each
/// mailbox (``MailboxIndex``): a file in the user's own mail directory, so any bytes.
///
/// Any input parses or is refused, never traps. What parses keeps the format's rules: UIDVALIDITY and
/// the next UID above 0, UIDs strictly ascending and below the next UID, keys non-empty; and written
/// back in the format (keys escaped as `%XX` outside `!`...`~` and `%`) it parses to the same values.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOldIndex(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let parsed = MailboxIndex.parse(fuzzInput(data, size)) else { return 0 }
    fuzzCheck(parsed.uidValidity > 0 && parsed.nextUID > 0, "UIDVALIDITY or next UID of 0")
    var last: UInt32 = 0
    for message in parsed.messages {
        fuzzCheck(message.uid > last && message.uid < parsed.nextUID, "UID \(message.uid) out of order or range")
        fuzzCheck(!message.key.isEmpty, "empty key")
        last = message.uid
    }
    guard let again = MailboxIndex.parse(written(parsed)) else {
        fuzzCheck(false, "the written form of \(parsed) does not parse")
        return 0
    }
    fuzzCheck(again.uidValidity == parsed.uidValidity && again.nextUID == parsed.nextUID
              && again.messages.map(\.uid) == parsed.messages.map(\.uid)
              && again.messages.map(\.key) == parsed.messages.map(\.key), "written and read again, \(parsed) became \(again)")
    return 0
}

/// The index file of `index`, as earlier versions wrote it.
private func written(_ index: (uidValidity: UInt32, nextUID: UInt32, messages: [(uid: UInt32, key: String)])) -> [UInt8] {
    var text = "mailroom-index 1 \(index.uidValidity) \(index.nextUID)\n"
    for message in index.messages {
        text += "\(message.uid) "
        for byte in message.key.utf8 {
            let plain = byte > 0x20 && byte < 0x7F && byte != UInt8(ascii: "%")
            text += plain ? String(UnicodeScalar(byte)) : "%" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
        }
        text += "\n"
    }
    return Array(text.utf8)
}
runLibFuzzer(fuzzOldIndex)
