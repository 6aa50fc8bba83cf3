import Glibc
import MailStore

/// ``MailStore/MailboxFileSystem`` for a server that dropped root: a call made as the process itself
/// is made here, directly; a call made as anyone else (a mail user, or root in the mail spool) is sent
/// to the ``PrivilegedAgent``, which makes it as that actor if its policy allows. Descriptors the
/// agent opens come back over the channel and are then this process's own.
public struct AgentMailboxFileSystem: MailboxFileSystem {
    private let agent: PrivilegedAgent
    private let local = DirectMailboxFileSystem()

    public init(agent: PrivilegedAgent) {
        self.agent = agent
    }

    public var actsForOthers: Bool { true }

    public func withIdentity<T, E: Error>(
        _ actor: FileSystemIdentity?, _ body: () throws(E) -> T
    ) throws(MailStoreError) -> Result<T, E> {
        Result(catching: body)
    }

    public func checkPath(_ path: String, subdirectories: [String], owner: uid_t,
                          as actor: FileSystemIdentity?) throws(MailStoreError) {
        guard let actor else {
            return try local.checkPath(path, subdirectories: subdirectories, owner: owner, as: nil)
        }
        let (reply, _) = agent.call(.checkPath(path: path, subdirectories: subdirectories, owner: owner, actor: actor))
        if let refusal = reply.refusal { throw MailStoreError.refused(path: path, reason: refusal) }
        if reply.errorNumber != 0 { throw MailStoreError.system(reply.errorNumber, "cannot check the path", path: path) }
    }

    public func open(_ path: String, flags: Int32, mode: mode_t, as actor: FileSystemIdentity?) -> Result<Int32, SystemErrorNumber> {
        guard let actor else { return local.open(path, flags: flags, mode: mode, as: nil) }
        let (reply, descriptor) = agent.call(.open(path: path, flags: flags, mode: mode, actor: actor))
        if let descriptor, reply.errorNumber == 0 { return .success(descriptor) }
        descriptor.map { _ = close($0) }
        return .failure(SystemErrorNumber(reply.errorNumber == 0 ? EPROTO : reply.errorNumber))
    }

    public func makeDirectory(_ path: String, mode: mode_t, as actor: FileSystemIdentity?) -> Int32 {
        guard let actor else { return local.makeDirectory(path, mode: mode, as: nil) }
        return agent.call(.makeDirectory(path: path, mode: mode, actor: actor)).0.errorNumber
    }

    public func rename(_ source: String, to target: String, as actor: FileSystemIdentity?) -> Int32 {
        guard let actor else { return local.rename(source, to: target, as: nil) }
        return agent.call(.rename(source: source, target: target, actor: actor)).0.errorNumber
    }

    public func unlink(_ path: String, as actor: FileSystemIdentity?) -> Int32 {
        guard let actor else { return local.unlink(path, as: nil) }
        return agent.call(.unlink(path: path, actor: actor)).0.errorNumber
    }

    public func removeDirectory(_ path: String, as actor: FileSystemIdentity?) -> Int32 {
        guard let actor else { return local.removeDirectory(path, as: nil) }
        return agent.call(.removeDirectory(path: path, actor: actor)).0.errorNumber
    }

    public func status(_ path: String, followingLinks: Bool, as actor: FileSystemIdentity?) -> Result<stat, SystemErrorNumber> {
        guard let actor else { return local.status(path, followingLinks: followingLinks, as: nil) }
        let reply = agent.call(.status(path: path, followingLinks: followingLinks, actor: actor)).0
        if let status = reply.status, reply.errorNumber == 0 { return .success(status) }
        return .failure(SystemErrorNumber(reply.errorNumber == 0 ? EPROTO : reply.errorNumber))
    }

    public func changeOwner(_ descriptor: Int32, uid: uid_t, gid: gid_t, as actor: FileSystemIdentity?) -> Int32 {
        guard let actor else { return local.changeOwner(descriptor, uid: uid, gid: gid, as: nil) }
        return agent.call(.changeOwner(uid: uid, gid: gid, actor: actor), attaching: descriptor).0.errorNumber
    }
}
