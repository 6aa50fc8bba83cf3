import Accounts
import Foundation
import MailCore
import MailStore
import Synchronization

/// The privileged agent's side: runs as root in a process of its own, started by the server before it
/// drops root, and does for it only what needs another identity: the path system calls of mailbox
/// work as the mailbox's actor (``AgentPolicy`` decides which actors and paths), and password checks
/// against shadow(5). Nothing it reads comes from the network except through the server, which is
/// why every request is parsed defensively and checked against the policy.
///
/// Each channel is served by a thread of its own, blocking on it; the first one also opens the
/// others (``AgentRequest/openChannel``), one per server thread that needs the agent at a time. When
/// the first channel closes (the server exited), the agent exits.
public struct AgentServer: Sendable {
    let policy: AgentPolicy
    /// System accounts, for password checks; `nil` when the server's accounts are not the system's.
    let accounts: SystemUserDatabase?
    /// Hears each refused request, for the log.
    let onRefusal: @Sendable (String) -> Void
    private let fileSystem: DirectMailboxFileSystem
    /// Channels served now: the server asks for at most ``PrivilegedAgent/channelLimit``, and the agent
    /// holds it to that, so a subverted server cannot make it start threads without end.
    private let channels = Channels()

    /// An agent for the settings the server was started with.
    /// - Parameters:
    ///   - systemMailDomain: `$mydomain` when `user_database = system` (password checks against
    ///     shadow(5) are then served), else `nil`.
    ///   - serverUID: `mail_owner`'s uid: directories of the server's own may be on a mailbox's path.
    public init(spoolDirectories: [String], firstValidUID: UInt32, lastValidUID: UInt32?,
                virtualOwner: MailboxOwner?, systemMailDomain: String?, serverUID: UInt32,
                onRefusal: @escaping @Sendable (String) -> Void) {
        fileSystem = DirectMailboxFileSystem(serverUID: serverUID)
        var spools = Set<String>()
        for directory in spoolDirectories {
            var spool = directory
            while spool.count > 1, spool.hasSuffix("/") { spool.removeLast() }
            spools.insert(spool)
            // A descriptor's path (``path(of:)``) is the resolved one: /var/spool/mail may be a link.
            if let resolved = realpath(spool, nil) {
                spools.insert(String(cString: resolved))
                free(resolved)
            }
        }
        let groups = spools
        policy = AgentPolicy(
            spoolDirectories: spools, firstValidUID: firstValidUID, lastValidUID: lastValidUID,
            virtualOwner: virtualOwner.map { ($0.uid, $0.gid) },
            primaryGroup: Self.primaryGroup,
            spoolGroups: {
                Set(groups.compactMap { spool in
                    var info = stat()
                    return stat(spool, &info) == 0 ? info.st_gid : nil
                })
            })
        accounts = systemMailDomain.map { SystemUserDatabase(mailDomain: $0) }
        self.onRefusal = onRefusal
    }

    init(policy: AgentPolicy, accounts: SystemUserDatabase?, serverUID: UInt32 = 0,
         onRefusal: @escaping @Sendable (String) -> Void) {
        fileSystem = DirectMailboxFileSystem(serverUID: serverUID)
        self.policy = policy
        self.accounts = accounts
        self.onRefusal = onRefusal
    }

    /// Serves the channel on `descriptor` (inherited from the server) until the server closes it.
    public func run(channelDescriptor descriptor: Int32) {
        serve(AgentChannel(descriptor: descriptor))
    }

    /// Answers requests on `channel` until it closes or fails.
    func serve(_ channel: AgentChannel) {
        defer {
            channel.close()
            channels.release()
        }
        while let received = try? channel.receive() {
            defer { received.attached.map { _ = close($0) } }
            let reply: (AgentReply, Int32?)
            do {
                reply = respond(to: try AgentRequest(decoding: received.bytes), attached: received.attached)
            } catch {
                onRefusal("an unreadable request")
                reply = (AgentReply(errorNumber: EPROTO), nil)
            }
            defer { reply.1.map { _ = close($0) } }
            guard (try? channel.send(reply.0.encoded, attaching: reply.1)) != nil else { return }
        }
    }

    /// Carries out one request: the reply, and a descriptor to send with it (which the caller closes).
    func respond(to request: AgentRequest, attached: Int32?) -> (AgentReply, Int32?) {
        switch request {
        case .openChannel:
            guard channels.reserve() else {
                onRefusal("more than \(PrivilegedAgent.channelLimit) channels")
                return (AgentReply(errorNumber: EMFILE), nil)
            }
            guard let (mine, theirs) = try? AgentChannel.pair() else {
                channels.release()
                return (AgentReply(errorNumber: EMFILE), nil)
            }
            Thread.detachNewThread { [self] in serve(mine) }
            return (AgentReply(), theirs.descriptor)
        case let .verifyPassword(address, password):
            return (AgentReply(verified: verify(address: address, password: password)), nil)
        case let .checkPath(path, subdirectories, owner, actor):
            // Subdirectories are single names below the path (a Maildir's cur, new, tmp).
            if let refused = refusal(actor, [path] + subdirectories.map { path + "/" + $0 }) { return (refused, nil) }
            guard !subdirectories.contains(where: { $0.contains("/") }) else { return (AgentReply(errorNumber: EPERM), nil) }
            do throws(MailStoreError) {
                try fileSystem.withIdentity(actor) { () throws(MailStoreError) in
                    try fileSystem.checkPath(path, subdirectories: subdirectories, owner: owner, as: actor)
                }.get()
                return (AgentReply(), nil)
            } catch {
                return (Self.reply(for: error), nil)
            }
        case let .open(path, flags, mode, actor):
            if let refused = refusal(actor, [path]) { return (refused, nil) }
            switch asActor(actor, { fileSystem.open(path, flags: flags, mode: mode, as: actor) }) {
            case .success(.success(let descriptor)): return (AgentReply(), descriptor)
            case .success(.failure(let error)): return (AgentReply(errorNumber: error.value), nil)
            case .failure(let error): return (AgentReply(errorNumber: error.value), nil)
            }
        case let .makeDirectory(path, mode, actor):
            return (errnoReply(actor, [path]) { fileSystem.makeDirectory(path, mode: mode, as: actor) }, nil)
        case let .rename(source, target, actor):
            return (errnoReply(actor, [source, target]) { fileSystem.rename(source, to: target, as: actor) }, nil)
        case let .unlink(path, actor):
            return (errnoReply(actor, [path]) { fileSystem.unlink(path, as: actor) }, nil)
        case let .removeDirectory(path, actor):
            return (errnoReply(actor, [path]) { fileSystem.removeDirectory(path, as: actor) }, nil)
        case let .status(path, followingLinks, actor):
            if let refused = refusal(actor, [path]) { return (refused, nil) }
            switch asActor(actor, { fileSystem.status(path, followingLinks: followingLinks, as: actor) }) {
            case .success(.success(let info)): return (AgentReply(status: info), nil)
            case .success(.failure(let error)): return (AgentReply(errorNumber: error.value), nil)
            case .failure(let error): return (AgentReply(errorNumber: error.value), nil)
            }
        case let .changeOwner(uid, gid, actor):
            guard let descriptor = attached else { return (AgentReply(errorNumber: EBADF), nil) }
            // The file is judged by where it is and by the owner it is given: both must pass.
            let path = Self.path(of: descriptor)
            if let refused = refusal(actor, [path]) ?? refusal(FileSystemIdentity(uid: uid, gid: gid), [path]) {
                return (refused, nil)
            }
            return (errnoReply(actor, [path]) { fileSystem.changeOwner(descriptor, uid: uid, gid: gid, as: actor) }, nil)
        }
    }

    /// The reply refusing `request`, when the policy refuses `actor` at any of `paths`.
    private func refusal(_ actor: FileSystemIdentity, _ paths: [String]) -> AgentReply? {
        for path in paths {
            if let reason = policy.refusal(uid: actor.uid, gid: actor.gid, path: path) {
                onRefusal(reason)
                return AgentReply(errorNumber: EPERM)
            }
        }
        return nil
    }

    private func errnoReply(_ actor: FileSystemIdentity, _ paths: [String],
                            _ call: () -> Int32) -> AgentReply {
        if let refused = refusal(actor, paths) { return refused }
        switch asActor(actor, call) {
        case .success(let result): return AgentReply(errorNumber: result)
        case .failure(let error): return AgentReply(errorNumber: error.value)
        }
    }

    /// Runs `call` with the thread's identity switched to `actor`; an `errno` when it cannot be.
    private func asActor<T>(_ actor: FileSystemIdentity, _ call: () -> T) -> Result<T, SystemErrorNumber> {
        do throws(MailStoreError) {
            return .success(try fileSystem.withIdentity(actor) { () throws(Never) -> T in call() }.get())
        } catch {
            return .failure(SystemErrorNumber(error.errorNumber ?? EPERM))
        }
    }

    private static func reply(for error: MailStoreError) -> AgentReply {
        if let errorNumber = error.errorNumber { return AgentReply(errorNumber: errorNumber) }
        return AgentReply(refusal: error.reason)
    }

    /// The path a descriptor was opened with, from `/proc/self/fd`.
    private static func path(of descriptor: Int32) -> String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\(descriptor)")) ?? ""
    }

    /// passwd(5)'s group of `uid`, by getpwuid_r(3): the agent's threads look accounts up at once, and
    /// getpwuid(3) shares one buffer between them.
    private static func primaryGroup(_ uid: uid_t) -> gid_t? {
        var entry = passwd()
        var found: UnsafeMutablePointer<passwd>?
        var buffer = [CChar](repeating: 0, count: 16384)
        guard getpwuid_r(uid, &entry, &buffer, buffer.count, &found) == 0, found != nil else { return nil }
        return entry.pw_gid
    }

    private func verify(address: String, password: String) -> Bool {
        guard let accounts, let address = EmailAddress(address),
              let account = try? accounts.account(for: address)
        else { return false }
        return account.passwordHash.verify(password)
    }
}

/// How many channels the agent serves; the first (inherited) one counts too.
private final class Channels: Sendable {
    private let count = Mutex(1)

    /// Takes a place for one more channel; false when all are taken.
    func reserve() -> Bool {
        count.withLock { count in
            guard count <= PrivilegedAgent.channelLimit else { return false }
            count += 1
            return true
        }
    }

    func release() {
        count.withLock { $0 -= 1 }
    }
}
