import MailStore
import Glibc

/// One thing the server asks its privileged agent to do: a path system call as a mailbox's actor
/// (``MailboxFileSystem``), a password check against shadow(5), or a new channel for another thread.
/// ``changeOwner`` travels with the descriptor it applies to.
enum AgentRequest: Equatable {
    case checkPath(path: String, subdirectories: [String], owner: uid_t, actor: FileSystemIdentity)
    case open(path: String, flags: Int32, mode: mode_t, actor: FileSystemIdentity)
    case makeDirectory(path: String, mode: mode_t, actor: FileSystemIdentity)
    case rename(source: String, target: String, actor: FileSystemIdentity)
    case unlink(path: String, actor: FileSystemIdentity)
    case removeDirectory(path: String, actor: FileSystemIdentity)
    case status(path: String, followingLinks: Bool, actor: FileSystemIdentity)
    case changeOwner(uid: uid_t, gid: gid_t, actor: FileSystemIdentity)
    case verifyPassword(address: String, password: String)
    case openChannel

    /// The largest request: a path of `PATH_MAX` twice, with room for a password.
    static let sizeLimit = 16384
    /// The most subdirectories a path check names (a Maildir has three).
    static let subdirectoryLimit = 8

    private enum Operation: UInt8 {
        case checkPath = 1, open, makeDirectory, rename, unlink, status, changeOwner, verifyPassword, openChannel, removeDirectory
    }

    // MARK: - Encoding

    var encoded: [UInt8] {
        var writer = AgentWriter()
        /// The operation and the identity it is made as, which every file call starts with.
        func begin(_ operation: Operation, _ identity: FileSystemIdentity) {
            writer.append(operation.rawValue)
            writer.append(identity.uid)
            writer.append(identity.gid)
        }
        switch self {
        case let .checkPath(path, subdirectories, owner, identity):
            begin(.checkPath, identity)
            writer.append(path)
            writer.append(UInt8(min(subdirectories.count, Int(UInt8.max))))
            subdirectories.prefix(Int(UInt8.max)).forEach { writer.append($0) }
            writer.append(owner)
        case let .open(path, flags, mode, identity):
            begin(.open, identity)
            writer.append(path)
            writer.append(flags)
            writer.append(mode)
        case let .makeDirectory(path, mode, identity):
            begin(.makeDirectory, identity)
            writer.append(path)
            writer.append(mode)
        case let .rename(source, target, identity):
            begin(.rename, identity)
            writer.append(source)
            writer.append(target)
        case let .unlink(path, identity):
            begin(.unlink, identity)
            writer.append(path)
        case let .removeDirectory(path, identity):
            begin(.removeDirectory, identity)
            writer.append(path)
        case let .status(path, followingLinks, identity):
            begin(.status, identity)
            writer.append(path)
            writer.append(followingLinks)
        case let .changeOwner(uid, gid, identity):
            begin(.changeOwner, identity)
            writer.append(uid)
            writer.append(gid)
        case let .verifyPassword(address, password):
            writer.append(Operation.verifyPassword.rawValue)
            writer.append(address)
            writer.append(password)
        case .openChannel:
            writer.append(Operation.openChannel.rawValue)
        }
        return writer.bytes
    }

    // MARK: - Decoding

    init(decoding bytes: [UInt8]) throws(AgentWireError) {
        guard bytes.count <= Self.sizeLimit else { throw AgentWireError() }
        var reader = AgentReader(bytes)
        guard let operation = Operation(rawValue: try reader.integer(UInt8.self)) else { throw AgentWireError() }
        func actor() throws(AgentWireError) -> FileSystemIdentity {
            FileSystemIdentity(uid: try reader.integer(), gid: try reader.integer())
        }
        switch operation {
        case .checkPath:
            let identity = try actor()
            let path = try reader.string()
            let count = Int(try reader.integer(UInt8.self))
            guard count <= Self.subdirectoryLimit else { throw AgentWireError() }
            var subdirectories: [String] = []
            for _ in 0..<count {
                subdirectories.append(try reader.string())
            }
            self = .checkPath(path: path, subdirectories: subdirectories, owner: try reader.integer(), actor: identity)
        case .open:
            let identity = try actor()
            self = .open(path: try reader.string(), flags: try reader.integer(), mode: try reader.integer(), actor: identity)
        case .makeDirectory:
            let identity = try actor()
            self = .makeDirectory(path: try reader.string(), mode: try reader.integer(), actor: identity)
        case .rename:
            let identity = try actor()
            self = .rename(source: try reader.string(), target: try reader.string(), actor: identity)
        case .unlink:
            let identity = try actor()
            self = .unlink(path: try reader.string(), actor: identity)
        case .removeDirectory:
            let identity = try actor()
            self = .removeDirectory(path: try reader.string(), actor: identity)
        case .status:
            let identity = try actor()
            self = .status(path: try reader.string(), followingLinks: try reader.flag(), actor: identity)
        case .changeOwner:
            let identity = try actor()
            self = .changeOwner(uid: try reader.integer(), gid: try reader.integer(), actor: identity)
        case .verifyPassword:
            self = .verifyPassword(address: try reader.string(), password: try reader.string())
        case .openChannel:
            self = .openChannel
        }
        guard reader.isAtEnd else { throw AgentWireError() }
    }
}
