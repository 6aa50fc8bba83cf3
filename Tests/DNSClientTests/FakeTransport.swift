import DNSClient
import DNSProtocol
import MailCore
import Synchronization

/// A scripted `DNSExchanging`: replies are queued per (server, question, TCP) and every
/// exchange is logged, so tests assert exactly what went on the wire.
actor FakeTransport: DNSExchanging {
    /// One scripted reply.
    enum Reply: Sendable {
        /// Answer with a message built from the query (so the ID is echoed).
        case respond(@Sendable (DNSMessage) -> DNSMessage)
        /// Return this exact message, whatever the query (for mismatched IDs).
        case fixed(DNSMessage)
        case timeout
        case networkError
    }

    struct Key: Hashable, Sendable {
        var server: DNSServerAddress
        var question: DNSQuestion
        var overTCP: Bool
    }

    struct Call: Hashable, Sendable {
        var server: DNSServerAddress
        var query: DNSMessage
        var overTCP: Bool
    }

    private var script: [Key: [Reply]] = [:]
    private(set) var calls: [Call] = []

    /// Queues `replies` for (server, name, type, tcp); the last one repeats once the queue runs dry.
    func on(
        _ server: DNSServerAddress, _ name: String, _ type: DNSRecordType, tcp: Bool = false, _ replies: Reply...
    ) {
        script[Key(server: server, question: DNSQuestion(name: DNSName(name)!, type: type), overTCP: tcp), default: []] += replies
    }

    func exchange(
        _ query: DNSMessage, with server: DNSServerAddress, overTCP: Bool, timeout: Duration
    ) async throws -> DNSMessage {
        calls.append(Call(server: server, query: query, overTCP: overTCP))
        let key = Key(server: server, question: query.questions[0], overTCP: overTCP)
        guard var queue = script[key], let reply = queue.first else { throw DNSTransportError.timedOut }
        if queue.count > 1 { queue.removeFirst() }
        script[key] = queue
        switch reply {
        case .respond(let build): return build(query)
        case .fixed(let message): return message
        case .timeout: throw DNSTransportError.timedOut
        case .networkError: throw DNSTransportError.network("unreachable")
        }
    }
}

/// A clock the test moves by hand.
final class ManualClock: Sendable {
    private let current = Mutex(ContinuousClock.now)

    var now: ContinuousClock.Instant { current.withLock { $0 } }

    func advance(by seconds: Int64) {
        current.withLock { $0 = $0.advanced(by: .seconds(seconds)) }
    }
}

/// A transport that holds every exchange until the test releases it, to make concurrent
/// lookups overlap without sleeping.
actor GatedTransport: DNSExchanging {
    private let records: [ResourceRecord]
    private var waiting: [CheckedContinuation<Void, Never>] = []
    private(set) var callCount = 0

    init(records: [ResourceRecord]) {
        self.records = records
    }

    var pendingCount: Int { waiting.count }

    func releaseAll() {
        for continuation in waiting { continuation.resume() }
        waiting = []
    }

    func exchange(
        _ query: DNSMessage, with server: DNSServerAddress, overTCP: Bool, timeout: Duration
    ) async throws -> DNSMessage {
        callCount += 1
        await withCheckedContinuation { waiting.append($0) }
        var reply = query
        reply.flags.isResponse = true
        reply.answers = records
        return reply
    }
}
