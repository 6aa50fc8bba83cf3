import Glibc

/// The doorbell between `mailroom sendmail` (or `mailroom queue flush`) and a running server: a Unix
/// socket in the queue directory (`pickup`, after Postfix's `public/pickup`), which only the mail
/// owner can reach. `sendmail` connects once after committing a message and the server calls
/// ``MailQueue/pickUp()``; `queue flush` writes ``flushCommand`` and the server calls
/// ``MailQueue/flush()``.
/// A ring nobody hears is harmless: the server scans the spool when it starts and every
/// `queueRunDelay`.
public enum QueuePickup {
    /// The socket's path for a queue directory.
    public static func socketPath(queueDirectory: String) -> String {
        queueDirectory + "/pickup"
    }

    /// What ``notify(queueDirectory:command:)`` sends to have every deferred message tried now.
    public static let flushCommand = "flush"

    /// Rings the doorbell, with `command` written before closing when given; returns false when no
    /// server is listening (or the path is too long).
    @discardableResult
    public static func notify(queueDirectory: String, command: String? = nil) -> Bool {
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
        guard connected == 0 else { return false }
        if let command {
            let line = Array((command + "\n").utf8)
            return line.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) } == line.count
        }
        return true
    }
}
