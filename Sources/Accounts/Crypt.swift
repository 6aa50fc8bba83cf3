import CCrypt

/// The system crypt(3) (libxcrypt), through its thread-safe entry points.
///
/// `crypt()` itself keeps its result in a static buffer, so a server that checks passwords on several
/// threads uses `crypt_rn` with a `struct crypt_data` of its own per call. That struct is 32 KiB, too big
/// for a thread's stack in a thread pool, so it lives on the heap.
enum Crypt {
    /// Hashes `phrase` with the method and salt that `setting` names (a full stored hash works: crypt
    /// reads only its method and salt); `nil` when crypt rejects the setting (`*`, `!`, an unknown method)
    /// or the phrase (longer than CRYPT_MAX_PASSPHRASE_SIZE).
    static func hash(_ phrase: String, setting: String) -> String? {
        let size = MemoryLayout<crypt_data>.size
        let data = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: MemoryLayout<crypt_data>.alignment)
        // libxcrypt asks for a zeroed struct before its first use.
        data.initializeMemory(as: UInt8.self, repeating: 0, count: size)
        defer {
            // The scratch area held the passphrase; do not leave it in freed memory.
            data.initializeMemory(as: UInt8.self, repeating: 0, count: size)
            data.deallocate()
        }
        guard let output = crypt_rn(phrase, setting, data, Int32(size)) else { return nil }
        let result = String(cString: output)
        // Some builds return a "failure token" starting with `*` instead of NULL.
        return result.hasPrefix("*") ? nil : result
    }

    /// A fresh setting (method, cost and random salt) for `prefix` such as `$y$`, with the library's
    /// default cost; the salt's randomness comes from the operating system.
    static func makeSetting(prefix: String) -> String? {
        var output = [CChar](repeating: 0, count: Int(CRYPT_GENSALT_OUTPUT_SIZE))
        let size = Int32(output.count)
        return output.withUnsafeMutableBufferPointer { buffer in
            crypt_gensalt_rn(prefix, 0, nil, 0, buffer.baseAddress, size).map { String(cString: $0) }
        }
    }
}
