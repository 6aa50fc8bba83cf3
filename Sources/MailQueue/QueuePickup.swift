import Glibc

/// The doorbell between `mailroom sendmail` and a running server: a Unix socket in the queue directory
/// (`pickup`, after Postfix's `public/pickup`). The server listens on it and calls
/// ``MailQueue/pickUp()`` for every connection; `sendmail` connects once after committing a message.
/// A ring nobody hears is harmless: the server scans the spool when it starts and every
/// `queueRunDelay`.
public enum QueuePickup {
    /// The socket's path for a queue directory.
    public static func socketPath(queueDirectory: String) -> String {
        queueDirectory + "/pickup"
    }

    /// Rings the doorbell; returns false when no server is listening (or the path is too long).
    @discardableResult
    public static func notify(queueDirectory: String) -> Bool {
        let path = socketPath(queueDirectory: queueDirectory)
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard path.utf8.count < capacity else { return false }
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            buffer.copyBytes(from: path.utf8)
            buffer[path.utf8.count] = 0
        }
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        return connected == 0
    }
}
