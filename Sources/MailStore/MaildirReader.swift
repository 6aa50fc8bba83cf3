import Glibc

/// Lists and reads the messages of a Maildir (https://cr.yp.to/proto/maildir.html) the way Dovecot does.
///
/// A message's key is its base name: the file name before the `:2,` info and before Dovecot's `,S=` and
/// `,W=` fields, which readers keep when they move a message from `new/` to `cur/` or change its flags.
/// `new/` is listed before `cur/`, so a message moved between the two while listing is seen at least
/// once; the second sighting is dropped.
enum MaildirReader {
    struct Listing {
        var key: String
        var path: String
        /// The `W=` field, when the name carries one.
        var virtualSize: Int64?
    }

    /// The messages, in arrival order (the delivery time and microseconds in the name, then the name).
    static func list(_ root: String, access: MailboxAccess) throws(MailStoreError) -> [Listing] {
        var seen = Set<String>()
        var listings: [Listing] = []
        for directory in ["new", "cur"] {
            for name in try access.names(in: "\(root)/\(directory)") ?? [] {
                let key = key(of: name)
                guard !key.isEmpty, seen.insert(key).inserted else { continue }
                listings.append(Listing(key: key, path: "\(root)/\(directory)/\(name)", virtualSize: virtualSize(of: name)))
            }
        }
        // Each key is parsed once, not once per comparison.
        return listings.map { (arrivalOrder($0.key), $0) }.sorted { $0.0 < $1.0 }.map(\.1)
    }

    /// Finds the current file of the message with `key` (a reader may have moved or renamed it).
    static func locate(key: String, in root: String, access: MailboxAccess) throws(MailStoreError) -> String? {
        for directory in ["new", "cur"] {
            for name in try access.names(in: "\(root)/\(directory)") ?? [] where Self.key(of: name) == key {
                return "\(root)/\(directory)/\(name)"
            }
        }
        return nil
    }

    /// Unlinks the messages' files, each at `path` or, when a reader moved it (or no path is known),
    /// where it is now; a file already gone is skipped. Then `cur/` and `new/` are synced.
    static func unlink(_ messages: [(key: String, path: String?)], in root: String, access: MailboxAccess) throws(MailStoreError) {
        for message in messages {
            if let path = message.path {
                let result = access.unlink(path)
                if result == 0 { continue }
                guard result == ENOENT else { throw .system(result, "cannot delete message", path: path) }
            }
            if let moved = try locate(key: message.key, in: root, access: access) {
                let result = access.unlink(moved)
                guard result == 0 || result == ENOENT else { throw .system(result, "cannot delete message", path: moved) }
            }
        }
        for directory in ["cur", "new"] {
            do throws(MailStoreError) {
                try access.syncDirectory("\(root)/\(directory)")
            } catch where error.errorNumber == ENOENT {
                continue
            }
        }
    }

    // The name parsers below run for every file at every POP3 login and IMAP SELECT; they scan the
    // name's UTF-8 bytes in place instead of splitting it into arrays of substrings.

    /// The name before its first `:` (the info) and its first `,` (Dovecot's `S=`/`W=` fields).
    static func key(of name: String) -> String {
        let end = name.utf8.firstIndex { $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: ",") } ?? name.endIndex
        return String(name[..<end])
    }

    /// The first `W=` field of the name's base (before `:`), when there is one and it is a number (digits only).
    /// The largest `W=` taken from a name: 1 TiB, far above any `message_size_limit`.
    static let largestBelievedSize: Int64 = 1 << 40

    static func virtualSize(of name: String) -> Int64? {
        let base = name[..<(name.utf8.firstIndex(of: UInt8(ascii: ":")) ?? name.endIndex)]
        var rest = base.utf8.firstIndex(of: UInt8(ascii: ","))
        while let comma = rest {
            let start = base.utf8.index(after: comma)
            let end = base.utf8[start...].firstIndex(of: UInt8(ascii: ",")) ?? base.endIndex
            let field = base[start..<end]
            if field.utf8.starts(with: "W=".utf8) {
                // Digits only: `Int64("-5")` would give a file named `,W=-5` a negative size. The name is
                // the mailbox owner's to choose, so a size no message can have is not believed either
                // (sums of sizes for STAT must not overflow); the file is measured instead.
                let digits = field.utf8.dropFirst(2)
                guard !digits.isEmpty, digits.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
                      let size = Int64(Substring(digits)), size <= largestBelievedSize
                else {
                    return nil
                }
                return size
            }
            rest = end == base.endIndex ? nil : end
        }
        return nil
    }

    /// `SECONDS.M<usec>...` → (seconds, microseconds, name); names of other shapes sort by name.
    static func arrivalOrder(_ key: String) -> ArrivalOrder {
        let utf8 = key.utf8
        let dot = utf8.firstIndex(of: UInt8(ascii: ".")) ?? key.endIndex
        let seconds = Int64(key[..<dot]) ?? 0
        var microseconds: Int64 = 0
        if dot != key.endIndex, case let marker = utf8.index(after: dot), marker != key.endIndex,
           utf8[marker] == UInt8(ascii: "M") {
            let digits = utf8.index(after: marker)
            let end = utf8[digits...].firstIndex { !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) } ?? key.endIndex
            microseconds = Int64(key[digits..<end]) ?? 0
        }
        return ArrivalOrder(seconds: seconds, microseconds: microseconds, name: key)
    }

    struct ArrivalOrder: Comparable {
        var seconds: Int64
        var microseconds: Int64
        var name: String

        static func < (lhs: ArrivalOrder, rhs: ArrivalOrder) -> Bool {
            (lhs.seconds, lhs.microseconds, lhs.name) < (rhs.seconds, rhs.microseconds, rhs.name)
        }
    }

    /// A listed message's INTERNALDATE (its file's modification time) and RFC822.SIZE: the name's `W=`
    /// field after one `lstat` when it carries one, else counted from the file; `nil` when the file is
    /// gone. Either way only a regular file of the mailbox's owner is believed, as ``withFile(_:access:_:)``.
    static func measure(_ listing: Listing, access: MailboxAccess) throws -> (internalDate: Int64, size: Int64)? {
        guard let size = listing.virtualSize else {
            do {
                return try withFile(listing.path, access: access) { file, size in
                    (Int64(try file.status().st_mtim.tv_sec), try countDecodedBytes(file, range: 0..<size, unquotesMboxrd: false))
                }
            } catch let error as MailStoreError where error.errorNumber == ENOENT {
                return nil
            }
        }
        switch access.status(listing.path, followingLinks: false) {
        case .success(let info):
            guard info.st_mode & S_IFMT == S_IFREG, info.st_uid == access.owner.uid else {
                throw MailStoreError(.notAMailbox, path: listing.path, reason: "is not a regular file of uid \(access.owner.uid)")
            }
            return (Int64(info.st_mtim.tv_sec), size)
        case .failure(let error) where error.value == ENOENT:
            return nil
        case .failure(let error):
            throw MailStoreError.system(error.value, "cannot stat message", path: listing.path)
        }
    }

    /// Opens the message file `path` without following a link or waiting on a FIFO, and runs `body`
    /// with it and its size once it is known to be a regular file of the mailbox's owner: not a link
    /// (`O_NOFOLLOW`), not a FIFO that would block the thread (`O_NONBLOCK`), not another user's file
    /// linked into the Maildir.
    static func withFile<Result>(_ path: String, access: MailboxAccess,
                                 _ body: (SystemFile, Int64) throws -> Result) throws -> Result {
        let owner = access.owner.uid
        let file = try access.open(path, flags: O_RDONLY | O_NOFOLLOW | O_NONBLOCK)
        defer { file.closeQuietly() }
        let info = try file.status()
        guard info.st_mode & S_IFMT == S_IFREG, info.st_uid == owner else {
            throw MailStoreError(.notAMailbox, path: path, reason: "is not a regular file of uid \(owner)")
        }
        // Reads sized to the file: no 64 KiB buffer for a 4 KiB message, no extra read to find the end.
        return try body(file, Int64(info.st_size))
    }
}

/// The number of bytes `range` of `file` (up to its end) holds once decoded as a
/// ``StoredMessageDecoder`` does: RFC822.SIZE, without keeping the decoded bytes.
func countDecodedBytes(_ file: SystemFile, range: Range<Int64>, unquotesMboxrd: Bool) throws -> Int64 {
    guard unquotesMboxrd else {
        var counter = VirtualSizeCounter()
        _ = try readPieces(of: file, range: range) { counter.add($0) }
        return counter.size
    }
    var decoder = StoredMessageDecoder(unquotesMboxrd: true)
    var output: [UInt8] = []
    var total: Int64 = 0
    _ = try readPieces(of: file, range: range) { piece in
        output.removeAll(keepingCapacity: true)
        decoder.decode(piece, into: &output)
        total += Int64(output.count)
    }
    output.removeAll(keepingCapacity: true)
    decoder.finish(into: &output)
    return total + Int64(output.count)
}

/// Reads `range` of `file` through `decoder`, which carries over from the previous range of the same
/// message, onto the end of `output`; returns how many stored bytes were read, fewer than the range
/// holds when the file ends first.
func decode(_ file: SystemFile, range: Range<Int64>, with decoder: inout StoredMessageDecoder,
            appendingTo output: inout [UInt8]) throws -> Int64 {
    try readPieces(of: file, range: range) { decoder.decode($0, into: &output) }
}

/// Reads `range` of `file` (up to its end) in pieces of at most 64 KiB, all through one buffer sized
/// to the range (no 64 KiB buffer for a 4 KiB message), handing each to `body`; returns how many
/// bytes were read.
private func readPieces(of file: SystemFile, range: Range<Int64>,
                        _ body: (UnsafeRawBufferPointer) throws -> Void) throws -> Int64 {
    let pieceSize = Int(min(65536, max(range.upperBound - range.lowerBound, 0)))
    guard pieceSize > 0 else { return 0 }
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: pieceSize, alignment: 1)
    defer { buffer.deallocate() }
    var offset = range.lowerBound
    while offset < range.upperBound {
        let wanted = Int(min(Int64(pieceSize), range.upperBound - offset))
        let got = try file.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[..<wanted]), at: offset)
        if got == 0 { break }
        offset += Int64(got)
        try body(UnsafeRawBufferPointer(rebasing: buffer[..<got]))
    }
    return offset - range.lowerBound
}
