import Glibc

/// An open spool file descriptor with the few system calls the queue needs, each turning `errno` into
/// a ``QueueError`` that names the path. Not thread-safe; used on one thread-pool thread at a time.
struct SpoolFile {
    let descriptor: Int32
    let path: String

    /// Opens `path`; `EINTR` is retried.
    static func open(_ path: String, flags: Int32, mode: mode_t = 0o600) throws(QueueError) -> SpoolFile {
        while true {
            let descriptor = Glibc.open(path, flags | O_CLOEXEC, mode)
            if descriptor >= 0 { return SpoolFile(descriptor: descriptor, path: path) }
            if errno != EINTR { throw .system(errno, "cannot open", path: path) }
        }
    }

    /// Opens an existing file for reading; `nil` when it does not exist (any more).
    static func openForReading(_ path: String) throws(QueueError) -> SpoolFile? {
        do {
            return try open(path, flags: O_RDONLY)
        } catch where error.errorNumber == ENOENT {
            return nil
        }
    }

    /// Writes all of `buffer`, continuing after short writes and `EINTR`.
    func write(_ buffer: UnsafeRawBufferPointer) throws(QueueError) {
        var offset = 0
        while offset < buffer.count, let base = buffer.baseAddress {
            let written = Glibc.write(descriptor, base + offset, buffer.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw .system(errno, "cannot write", path: path)
            }
            offset += written
        }
    }

    func write(_ bytes: [UInt8]) throws(QueueError) {
        let result = bytes.withUnsafeBytes { buffer in
            Result { () throws(QueueError) in try write(buffer) }
        }
        try result.get()
    }

    /// `fdatasync(2)`: the data and the size, which is all a new file needs to be readable after a crash.
    func syncData() throws(QueueError) {
        while fdatasync(descriptor) != 0 {
            if errno != EINTR { throw .system(errno, "cannot sync", path: path) }
        }
    }

    func sync() throws(QueueError) {
        while fsync(descriptor) != 0 {
            if errno != EINTR { throw .system(errno, "cannot sync", path: path) }
        }
    }

    /// Reads up to `count` bytes at `offset` into `buffer`; fewer only at the end of the file.
    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int64) throws(QueueError) -> Int {
        var got = 0
        while got < buffer.count, let base = buffer.baseAddress {
            let result = pread(descriptor, base + got, buffer.count - got, off_t(offset) + off_t(got))
            if result < 0 {
                if errno == EINTR { continue }
                throw .system(errno, "cannot read", path: path)
            }
            if result == 0 { break }
            got += result
        }
        return got
    }

    /// Reads up to `count` bytes at `offset`.
    func read(count: Int, at offset: Int64) throws(QueueError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        let got = bytes.withUnsafeMutableBytes { buffer in
            Result { () throws(QueueError) in try read(into: buffer, at: offset) }
        }
        bytes.removeSubrange(try got.get()...)
        return bytes
    }

    /// Reads the whole file (small files only: progress files).
    func readAll(limit: Int) throws(QueueError) -> [UInt8] {
        let bytes = try read(count: limit + 1, at: 0)
        guard bytes.count <= limit else {
            throw QueueError(.corruptQueueFile, path: path, reason: "longer than \(limit) bytes")
        }
        return bytes
    }

    /// Takes an exclusive `flock(2)` without waiting; `false` when another descriptor holds it.
    func tryLock() throws(QueueError) -> Bool {
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            switch errno {
            case EINTR: continue
            case EWOULDBLOCK: return false
            default: throw .system(errno, "cannot lock", path: path)
            }
        }
        return true
    }

    /// Closes the descriptor; a failure is reported (NFS reports late write errors here).
    func close() throws(QueueError) {
        if Glibc.close(descriptor) != 0, errno != EINTR {
            throw .system(errno, "cannot close", path: path)
        }
    }

    /// Closes the descriptor on an error path, where a second error would only hide the first.
    func closeQuietly() {
        _ = Glibc.close(descriptor)
    }
}

/// The file-system operations on names rather than descriptors.
enum SpoolPaths {
    /// Syncs directory `path`, so that a rename or a new entry in it survives a crash.
    static func syncDirectory(_ path: String) throws(QueueError) {
        let directory = try SpoolFile.open(path, flags: O_RDONLY | O_DIRECTORY)
        defer { directory.closeQuietly() }
        try directory.sync()
    }

    /// `rename(2)`; atomic within one file system.
    static func rename(_ from: String, to: String) throws(QueueError) {
        guard Glibc.rename(from, to) == 0 else { throw .system(errno, "cannot rename to \(to)", path: from) }
    }

    /// `unlink(2)`; a missing file is fine.
    static func remove(_ path: String) throws(QueueError) {
        guard unlink(path) == 0 || errno == ENOENT else { throw .system(errno, "cannot remove", path: path) }
    }

    static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    /// Creates `path` (mode 0700) unless it is already a directory.
    static func makeDirectory(_ path: String) throws(QueueError) {
        if mkdir(path, 0o700) == 0 { return }
        let error = errno
        var info = stat()
        guard error == EEXIST, stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else {
            throw .system(error, "cannot create directory", path: path)
        }
    }

    /// The names in a directory, without `.` and `..`, in no particular order.
    static func names(in directory: String) throws(QueueError) -> [String] {
        guard let stream = opendir(directory) else { throw .system(errno, "cannot read directory", path: directory) }
        defer { closedir(stream) }
        var names: [String] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != ".", name != ".." {
                names.append(name)
            }
        }
        return names
    }
}
