import FuzzSupport
import MailIndex
@testable import MailStore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// libFuzzer entry point for the Maildir file-name parsers (https://cr.yp.to/proto/maildir.html with
/// Dovecot's `,S=` and `,W=` fields): `MaildirReader.key(of:)`, `virtualSize(of:)` and `arrivalOrder(_:)`,
/// which run over every name a POP3 login or IMAP SELECT lists.
///
/// The input's first byte says how many control bytes follow; the rest is the payload (see
/// `ControlledInput`). Two checks per input:
/// - the payload as a file name, decoded as `readdir` names are: the key is the name up to its first
///   `:` or `,`; the `W=` size is the first `W=` field of the part before `:` when that field is
///   digits, never a negative or signed number; the arrival order does not trap;
/// - a name made by `MaildirUniqueName` now, with the payload as host name, the control bytes' sizes
///   and a `:2,` info with flags: its key is the name as made, its `W=` size the one written, and its
///   arrival order this second and a microsecond count below one million.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMaildirName(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = ControlledInput(fuzzInput(data, size))
    checkListedName(String(decoding: input.payload, as: UTF8.self))
    checkInfoFlags(String(decoding: input.payload, as: UTF8.self))
    checkDeliveredName(hostName: String(decoding: input.payload, as: UTF8.self), control: input.control)
    return 0
}

/// The `:2,` flags: reading any name does not trap, and flags written into a name read back the same
/// (the keywords the letters can name).
private func checkInfoFlags(_ name: String) {
    let keywords = ["$Junk", "NonJunk", "Work"]
    let flags = MaildirInfo.flags(ofName: name, keywords: keywords)
    let written = MaildirInfo.name(name, with: flags, keywords: keywords)
    fuzzCheck(MaildirInfo.flags(ofName: written, keywords: keywords) == flags, "flags of \(name.debugDescription) do not round-trip")
    fuzzCheck(MaildirReader.key(of: written) == MaildirReader.key(of: name) || name.contains(MaildirInfo.marker),
              "writing flags changed the key of \(name.debugDescription)")
}

private func checkListedName(_ name: String) {
    let key = MaildirReader.key(of: name)
    let rest = name.utf8.dropFirst(key.utf8.count)
    fuzzCheck(name.utf8.starts(with: key.utf8) && !key.utf8.contains(where: isSeparator)
                 && (rest.first.map(isSeparator) ?? true), "key \(key.debugDescription) of \(name.debugDescription)")
    let base = name.utf8.prefix { $0 != UInt8(ascii: ":") }
    let field = base.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false).dropFirst()
        .first { $0.starts(with: "W=".utf8) }?.dropFirst(2)
    let expected = field.flatMap { digits in
        digits.isEmpty || !digits.allSatisfy { (48...57).contains($0) } ? nil : Int64(String(decoding: digits, as: UTF8.self))
    }.flatMap { $0 <= MaildirReader.largestBelievedSize ? $0 : nil }
    let size = MaildirReader.virtualSize(of: name)
    fuzzCheck(size == expected,
              "W= size of \(name.debugDescription) is \(String(describing: size)), not \(String(describing: expected))")
    _ = MaildirReader.arrivalOrder(key)
}

private func isSeparator(_ byte: UInt8) -> Bool {
    byte == UInt8(ascii: ":") || byte == UInt8(ascii: ",")
}

private func checkDeliveredName(hostName: String, control: [UInt8]) {
    let number = control.prefix(8).reduce(0) { $0 << 8 | Int64($1) } & 0xFFFF_FFFF_FFFF
    let deliveryID = control.count > 8 ? "\(number)_\(control[8])" : nil
    let before = secondsNow()
    let made = MaildirUniqueName.make(hostName: hostName, deliveryID: deliveryID)
    let after = secondsNow()
    let flags = String(decoding: control.dropFirst(9), as: UTF8.self)
    let name = MaildirUniqueName.withSizes(made, size: number / 2, virtualSize: number) + ":2," + flags
    fuzzCheck(MaildirReader.key(of: name) == made, "key of \(name.debugDescription) is not \(made.debugDescription)")
    // A size above what any message can have is not believed (the file is measured instead).
    let believed = number <= MaildirReader.largestBelievedSize ? number : nil
    fuzzCheck(MaildirReader.virtualSize(of: name) == believed, "W= size of \(name.debugDescription) is not \(String(describing: believed))")
    let order = MaildirReader.arrivalOrder(made)
    fuzzCheck((before...after).contains(order.seconds) && (0..<1_000_000).contains(order.microseconds),
                 "arrival of \(made.debugDescription) read as \(order.seconds) s \(order.microseconds) µs")
}

/// The clock `MaildirUniqueName` reads; `time(3)` may read a coarser one that lags it by a tick.
private func secondsNow() -> Int64 {
    var now = timeval()
    gettimeofday(&now, nil)
    return Int64(now.tv_sec)
}

runLibFuzzer(fuzzMaildirName)
