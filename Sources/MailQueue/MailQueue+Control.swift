import Foundation
import Logging
import NIOPosix
import Synchronization

/// What `mailroom queue delete|hold|release` asks of the queue (Postfix's `postsuper -d|-h|-H`).
public enum QueueControlAction: String, Sendable, CaseIterable {
    /// Remove the message for good, no bounce.
    case delete
    /// Keep the message but deliver nothing of it until it is released (Postfix's hold queue).
    case hold
    /// Put a held message back to be delivered now.
    case release
}

/// What a control command did.
public struct QueueControlResult: Sendable, Hashable {
    /// The messages it applied to now.
    public var done: [String]
    /// Messages being delivered at that moment: the action applies when the attempt ends, if they
    /// are still queued then.
    public var afterAttempt: [String]

    public init(done: [String] = [], afterAttempt: [String] = []) {
        self.done = done
        self.afterAttempt = afterAttempt
    }
}

extension MailQueue {
    /// Applies `action` to the messages `ids`, or to all that it concerns when `ids` is `nil`
    /// (delete and hold: every queued message; release: every held one). Unknown IDs are skipped.
    public func control(_ action: QueueControlAction, ids: [String]?) async throws -> QueueControlResult {
        let spool = spool
        let targets = try await threadPool.runIfActive { () throws -> [String] in
            if let ids { return ids }
            let held = try SpoolPaths.names(in: spool.holdDirectory)
            return try action == .release ? held : SpoolPaths.names(in: spool.activeDirectory) + (action == .delete ? held : [])
        }.filter(QueueIDGenerator.isQueueID)
        var result = QueueControlResult()
        var now: [String] = []
        for id in targets {
            if action != .release, schedule.withLock({ $0.isInFlight(id) }) {
                pendingControl.withLock { $0[id] = action }
                result.afterAttempt.append(id)
                continue
            }
            if action != .release { schedule.withLock { _ = $0.withdraw(id) } }
            now.append(id)
        }
        let applying = now
        result.done = try await threadPool.runIfActive { () throws -> [String] in
            try applying.filter { id in try Self.apply(action, to: id, in: spool) }
        }
        if action == .release {
            let time = configuration.now()
            schedule.withLock { schedule in
                for id in result.done { schedule.add(id, due: nil, now: time) }
            }
            wakeup.signal()
        }
        return result
    }

    /// ``control(_:ids:)`` for a queue no server runs: the files alone.
    public static func control(_ action: QueueControlAction, ids: [String]?, inQueueDirectory directory: String) throws -> [String] {
        let spool = Spool(root: directory)
        try spool.createDirectories()
        let held = try SpoolPaths.names(in: spool.holdDirectory)
        let targets = try ids ?? (action == .release ? held : SpoolPaths.names(in: spool.activeDirectory) + (action == .delete ? held : []))
        return try targets.filter(QueueIDGenerator.isQueueID).filter { try apply(action, to: $0, in: spool) }
    }

    /// After an attempt: the action asked for while it ran, if any; true when the message left the schedule.
    func applyPendingControl(_ id: String) async -> Bool {
        guard let action = pendingControl.withLock({ $0.removeValue(forKey: id) }) else { return false }
        let spool = spool
        do {
            _ = try await threadPool.runIfActive { try Self.apply(action, to: id, in: spool) }
        } catch {
            logger.error("cannot \(action.rawValue) message", metadata: ["queue-id": "\(id)", "error": "\(error)"])
            return false
        }
        logger.info("\(action == .delete ? "deleted" : "held") after its delivery attempt", metadata: ["queue-id": "\(id)"])
        return true
    }

    private static func apply(_ action: QueueControlAction, to id: String, in spool: Spool) throws -> Bool {
        switch action {
        case .delete: try spool.delete(id)
        case .hold: try spool.hold(id)
        case .release: try spool.hold(id, releasing: true)
        }
    }
}
