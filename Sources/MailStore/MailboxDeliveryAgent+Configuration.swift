import Glibc

extension MailboxDeliveryAgent {
    /// How deliveries name files and wait for mailbox locks; the defaults are Postfix's where Postfix has
    /// one (postconf(5): `deliver_lock_attempts`, `deliver_lock_delay`).
    public struct Configuration: Sendable {
        /// The host name in Maildir file names (https://cr.yp.to/proto/maildir.html). Default: the
        /// system host name.
        public var hostName: String
        /// How long an mbox delivery waits for a reader's dot-lock or fcntl lock before failing
        /// temporarily. Default: 20 seconds, Postfix's 20 attempts 1 second apart.
        public var lockTimeout: Duration
        /// The pause between attempts to take a busy mbox lock. Default: 1 second (`deliver_lock_delay`).
        public var lockRetryInterval: Duration
        /// A dot-lock file older than this is considered left by a crashed program and removed.
        /// Default: 5 minutes, as liblockfile and mutt assume (Postfix's `stale_lock_time` is 500 s).
        public var staleLockAge: Duration
        /// Called once per delivery, with the mbox path, when the delivery finds the mailbox locked and
        /// starts waiting; for a log line ("mailbox locked, waiting") and for tests.
        public var lockWaitObserver: (@Sendable (String) -> Void)?
        /// The system calls mailbox work goes through. Default: this process's own
        /// (``DirectMailboxFileSystem``); a server that dropped root gives the privileged agent's.
        public var fileSystem: any MailboxFileSystem

        public init(
            hostName: String = Configuration.systemHostName(),
            lockTimeout: Duration = .seconds(20),
            lockRetryInterval: Duration = .seconds(1),
            staleLockAge: Duration = .seconds(300),
            lockWaitObserver: (@Sendable (String) -> Void)? = nil,
            fileSystem: any MailboxFileSystem = DirectMailboxFileSystem()
        ) {
            self.fileSystem = fileSystem
            self.hostName = hostName
            self.lockTimeout = lockTimeout
            self.lockRetryInterval = lockRetryInterval
            self.staleLockAge = staleLockAge
            self.lockWaitObserver = lockWaitObserver
        }

        /// `gethostname(2)`, or `localhost` when it fails.
        public static func systemHostName() -> String {
            var buffer = [CChar](repeating: 0, count: 256)
            guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
            let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            return name.isEmpty ? "localhost" : name
        }
    }
}
