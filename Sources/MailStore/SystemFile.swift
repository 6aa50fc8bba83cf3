import Glibc

/// An open file descriptor with the few system calls the stores need, each turning `errno` into a
/// ``MailStoreError`` that names the path.
struct SystemFile {
    let descriptor: Int32
    let path: String

    /// Writes all of `buffer`, continuing after short writes and `EINTR`.
    func write(_ buffer: UnsafeRawBufferPointer) throws(MailStoreError) {
        var offset = 0
        while offset < buffer.count, let base = buffer.baseAddress {
            let written = Glibc.write(descriptor, base + offset, buffer.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw .system(errno, "cannot write file", path: path)
            }
            offset += written
        }
    }

    func sync() throws(MailStoreError) {
        while fsync(descriptor) != 0 {
            if errno != EINTR { throw .system(errno, "cannot sync file", path: path) }
        }
    }

    func status() throws(MailStoreError) -> stat {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw .system(errno, "cannot stat file", path: path) }
        return info
    }

    func truncate(to size: Int64) throws(MailStoreError) {
        while ftruncate(descriptor, off_t(size)) != 0 {
            if errno != EINTR { throw .system(errno, "cannot truncate file", path: path) }
        }
    }

    /// Reads up to `count` bytes at `offset` without moving the file position.
    func read(count: Int, at offset: Int64) throws(MailStoreError) -> [UInt8] {
        var failure: MailStoreError?
        let bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            do throws(MailStoreError) {
                initialized = try read(into: UnsafeMutableRawBufferPointer(buffer), at: offset)
            } catch {
                failure = error
                initialized = 0
            }
        }
        if let failure { throw failure }
        return bytes
    }

    /// Fills `buffer` from `offset` without moving the file position, continuing after short reads
    /// and `EINTR`; returns how many bytes it holds, fewer than its size only at the end of the file.
    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int64) throws(MailStoreError) -> Int {
        guard let base = buffer.baseAddress else { return 0 }
        var got = 0
        while got < buffer.count {
            let result = pread(descriptor, base + got, buffer.count - got, off_t(offset) + off_t(got))
            if result < 0 {
                if errno == EINTR { continue }
                throw .system(errno, "cannot read file", path: path)
            }
            if result == 0 { break }
            got += result
        }
        return got
    }

    /// Closes the descriptor; a failure is reported, since on some file systems (NFS) it is the last
    /// chance to learn that written data did not reach the server.
    func close() throws(MailStoreError) {
        if Glibc.close(descriptor) != 0, errno != EINTR {
            throw .system(errno, "cannot close file", path: path)
        }
    }

    /// Closes the descriptor on an error path, where a second error would only hide the first.
    func closeQuietly() {
        _ = Glibc.close(descriptor)
    }
}

/// `/a/b` → `/a`, `/a` → `/`.
func parentDirectory(of path: String) -> String {
    guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return "." }
    return slash == path.startIndex ? "/" : String(path[..<slash])
}

/// `/a/b` → `b`. Searched as UTF-8 bytes, not characters: a listing of 10,000 files asks it 10,000 times.
func fileName(of path: String) -> String {
    guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return path }
    return String(path[path.utf8.index(after: slash)...])
}
