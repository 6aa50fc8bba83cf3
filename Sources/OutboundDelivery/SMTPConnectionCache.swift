/// SMTP connections left open after a message, each waiting a short while for the next message to
/// the same destination (Postfix's connection cache, `smtp_connection_cache_time_limit`): the next
/// message skips the connect, greeting, EHLO and TLS handshake.
actor SMTPConnectionCache {
    private struct Waiting {
        let id: Int
        let continuation: CheckedContinuation<SMTPConversation.Work?, Never>
    }

    private var idle: [String: [Waiting]] = [:]
    private var nextID = 0

    /// Gives `work` to a connection waiting for `destination`; false when none is (the caller opens one).
    func handOver(_ work: SMTPConversation.Work, to destination: String) -> Bool {
        guard var waiting = idle[destination], let session = waiting.popLast() else { return false }
        idle[destination] = waiting.isEmpty ? nil : waiting
        session.continuation.resume(returning: work)
        return true
    }

    /// A connection's wait for its next message to `destination`; `nil` when none came within `limit`.
    func nextWork(for destination: String, within limit: Duration) async -> SMTPConversation.Work? {
        let id = nextID
        nextID += 1
        return await withCheckedContinuation { continuation in
            idle[destination, default: []].append(Waiting(id: id, continuation: continuation))
            Task {
                try? await Task.sleep(for: limit)
                self.expire(id, destination: destination)
            }
        }
    }

    /// Connections waiting now, for tests and the log.
    var idleCount: Int { idle.values.reduce(0) { $0 + $1.count } }

    private func expire(_ id: Int, destination: String) {
        guard var waiting = idle[destination], let index = waiting.firstIndex(where: { $0.id == id }) else { return }
        let session = waiting.remove(at: index)
        idle[destination] = waiting.isEmpty ? nil : waiting
        session.continuation.resume(returning: nil)
    }
}
