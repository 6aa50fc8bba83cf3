import Glibc

/// The path system calls of mailbox work, made as the access's actor and turned into
/// ``MailStoreError``s that name the path.
extension MailboxAccess {
    /// Opens `path`; `EINTR` is retried.
    func open(_ path: String, flags: Int32, mode: mode_t = 0o600) throws(MailStoreError) -> SystemFile {
        switch fileSystem.open(path, flags: flags, mode: mode, as: actor) {
        case .success(let descriptor): return SystemFile(descriptor: descriptor, path: path)
        case .failure(let error): throw .system(error.value, "cannot open file", path: path)
        }
    }

    /// Syncs directory `path`, so that a rename or a new entry in it survives a crash.
    func syncDirectory(_ path: String) throws(MailStoreError) {
        let directory = try open(path, flags: O_RDONLY | O_DIRECTORY)
        defer { directory.closeQuietly() }
        try directory.sync()
    }

    /// Creates `path` and any missing parents with mode 0700, as Dovecot creates mail directories;
    /// returns whether anything was created. An existing directory is fine.
    @discardableResult
    func makeDirectories(_ path: String) throws(MailStoreError) -> Bool {
        switch fileSystem.makeDirectory(path, mode: 0o700, as: actor) {
        case 0:
            return true
        case EEXIST:
            guard case .success(let info) = status(path, followingLinks: true), info.st_mode & S_IFMT == S_IFDIR else {
                throw MailStoreError(.notAMailbox, path: path, reason: "exists and is not a directory")
            }
            return false
        case ENOENT:
            let parent = parentDirectory(of: path)
            guard parent != path else { throw .system(ENOENT, "cannot create directory", path: path) }
            try makeDirectories(parent)
            let result = fileSystem.makeDirectory(path, mode: 0o700, as: actor)
            if result == 0 || result == EEXIST { return true }
            throw .system(result, "cannot create directory", path: path)
        case let error:
            throw .system(error, "cannot create directory", path: path)
        }
    }

    /// rename(2): 0 or the `errno`.
    func rename(_ source: String, to target: String) -> Int32 {
        fileSystem.rename(source, to: target, as: actor)
    }

    /// unlink(2): 0 or the `errno`.
    @discardableResult
    func unlink(_ path: String) -> Int32 {
        fileSystem.unlink(path, as: actor)
    }

    /// stat(2), or lstat(2) when `followingLinks` is false.
    func status(_ path: String, followingLinks: Bool = false) -> Result<stat, SystemErrorNumber> {
        fileSystem.status(path, followingLinks: followingLinks, as: actor)
    }

    /// The entries of `directory` except dot files; `nil` when it does not exist.
    func names(in directory: String) throws(MailStoreError) -> [String]? {
        try names(in: directory, includingHidden: false)
    }

    /// The entries of `directory` but `.` and `..`, dot files too (Maildir++ folders); `nil` when it
    /// does not exist.
    func allNames(in directory: String) throws(MailStoreError) -> [String]? {
        try names(in: directory, includingHidden: true)
    }

    private func names(in directory: String, includingHidden: Bool) throws(MailStoreError) -> [String]? {
        let file: SystemFile
        do {
            file = try open(directory, flags: O_RDONLY | O_DIRECTORY)
        } catch where error.errorNumber == ENOENT {
            return nil
        }
        // fdopendir takes the descriptor over; closedir closes it.
        guard let stream = fdopendir(file.descriptor) else {
            let error = MailStoreError.system(errno, "cannot list the directory", path: directory)
            file.closeQuietly()
            throw error
        }
        defer { closedir(stream) }
        var names: [String] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if includingHidden ? name != "." && name != ".." : !name.hasPrefix(".") {
                names.append(name)
            }
        }
        return names
    }
}
