import Foundation
import Glibc

/// The doorbell between `mailroom sendmail` (or `mailroom queue flush`) and a running server: a Unix
/// socket in the queue directory (`pickup`, after Postfix's `public/pickup`), which only the mail
/// owner can reach. `sendmail` connects once after committing a message and the server calls
/// ``MailQueue/pickUp()``; `mailroom queue flush|delete|hold|release` send a command line
/// (``request(queueDirectory:command:)``) and get a one-line answer.
/// A ring nobody hears is harmless: the server scans the spool when it starts and every
/// `queueRunDelay`.
public enum QueuePickup {
    /// The socket's path for a queue directory.
    public static func socketPath(queueDirectory: String) -> String {
        queueDirectory + "/pickup"
    }

    /// What ``request(queueDirectory:command:)`` sends to have every deferred message tried now.
    public static let flushCommand = "flush"

    /// Rings the doorbell; returns false when no server is listening (or the path is too long).
    @discardableResult
    public static func notify(queueDirectory: String) -> Bool {
        guard let fd = connect(queueDirectory: queueDirectory) else { return false }
        close(fd)
        return true
    }

    /// Sends one command line to the running server (`flush`, `delete ID…`, `hold ALL`) and returns
    /// its one-line answer (`ok …` or `error …`), read until the server closes; `nil` when no server
    /// listens. Waits at most 60 seconds for the answer.
    public static func request(queueDirectory: String, command: String) -> String? {
        guard let fd = connect(queueDirectory: queueDirectory) else { return nil }
        defer { close(fd) }
        var wait = timeval(tv_sec: 60, tv_usec: 0)
        _ = setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, socklen_t(MemoryLayout<timeval>.size))
        let line = Array((command + "\n").utf8)
        guard line.withUnsafeBytes({ write(fd, $0.baseAddress, $0.count) }) == line.count else { return nil }
        shutdown(fd, Int32(SHUT_WR))
        var answer: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 512)
        while answer.count < 4096 {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            guard count > 0 else { break }
            answer += buffer[..<count]
        }
        return String(decoding: answer, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private static func connect(queueDirectory: String) -> Int32? {
        let path = socketPath(queueDirectory: queueDirectory)
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return nil }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard path.utf8.count < capacity else {
            close(fd)
            return nil
        }
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            buffer.copyBytes(from: path.utf8)
            buffer[path.utf8.count] = 0
        }
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard connected == 0 else {
            close(fd)
            return nil
        }
        return fd
    }
}
