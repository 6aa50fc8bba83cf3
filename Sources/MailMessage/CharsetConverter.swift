#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Conversion to UTF-8 through the C library's iconv(3).
///
/// glibc unloads a charset's gconv module shortly after its last descriptor is closed, and loading it again
/// costs about 50 µs (measured: 49 µs per open and close when five charsets alternate, 0.3 µs when their
/// modules stay loaded). Mail mixes charsets from one message to the next, so the first conversion from each
/// charset opens one more descriptor that is never closed (``pinned``) and keeps the module loaded.
enum CharsetConverter {
    /// The UTF-8 of U+FFFD REPLACEMENT CHARACTER.
    static let replacement: [UInt8] = [0xEF, 0xBF, 0xBD]

    /// The iconv names whose modules a descriptor that is never closed keeps loaded, with that descriptor's
    /// address (kept, so that it is not a leak); at most one per entry of ``Charset``'s table.
    private static let pinned = Mutex<[String: UInt]>([:])

    /// `bytes` in the charset iconv calls `name`, as a string: an invalid sequence becomes U+FFFD and conversion
    /// goes on one octet later; an incomplete sequence at the end becomes U+FFFD. Without iconv support for
    /// `name` on this host, the bytes are read as UTF-8.
    static func convert(_ bytes: [UInt8], from name: String) -> String {
        String(decoding: bytes.withUnsafeBufferPointer { utf8($0, from: name) }, as: UTF8.self)
    }

    /// `bytes` in the charset iconv calls `name`, converted to UTF-8 as ``convert(_:from:)`` converts them;
    /// without iconv support for `name`, the bytes as they are (to be read as UTF-8).
    static func utf8(_ bytes: UnsafeBufferPointer<UInt8>, from name: String) -> [UInt8] {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return [] }
        guard let descriptor = iconv_open("UTF-8", name), descriptor != iconv_t(bitPattern: -1) else {
            return Array(bytes)
        }
        defer { iconv_close(descriptor) }
        pin(name)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count * 3 / 2)
        // iconv(3) takes `char **` but does not write through it.
        var inputPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(mutating: base)
            .assumingMemoryBound(to: CChar.self)
        var inputLeft = bytes.count
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: 16 * 1024) { chunk in
            var flushed = false
            while !flushed {
                var outputPointer: UnsafeMutablePointer<CChar>? = chunk.baseAddress
                var outputLeft = chunk.count
                let result: Int
                if inputLeft > 0 {
                    result = iconv(descriptor, &inputPointer, &inputLeft, &outputPointer, &outputLeft)
                } else {
                    // Returns a stateful encoding to its initial state, writing what that takes.
                    result = iconv(descriptor, nil, nil, &outputPointer, &outputLeft)
                    flushed = result != -1
                }
                let produced = chunk.count - outputLeft
                chunk.baseAddress!.withMemoryRebound(to: UInt8.self, capacity: produced) {
                    output.append(contentsOf: UnsafeBufferPointer(start: $0, count: produced))
                }
                guard result == -1 else { continue }
                let error = errno
                if error == E2BIG { continue }
                guard inputLeft > 0 else { break }
                output += replacement
                if error == EINVAL {
                    inputLeft = 0
                } else {
                    inputPointer = inputPointer.map { $0 + 1 }
                    inputLeft -= 1
                }
            }
        }
        return output
    }

    /// Opens a descriptor for `name` that stays open, the first time `name` is converted from.
    private static func pin(_ name: String) {
        pinned.withLock { descriptors in
            guard descriptors[name] == nil else { return }
            if let descriptor = iconv_open("UTF-8", name), descriptor != iconv_t(bitPattern: -1) {
                descriptors[name] = UInt(bitPattern: descriptor)
            }
        }
    }
}
