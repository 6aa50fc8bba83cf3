import MailCore
import Synchronization

/// Counts open connections per client address, so that one client cannot take every slot
/// (Postfix's `smtpd_client_connection_count_limit`, Dovecot's `mail_max_userip_connections`).
final class ConnectionLimiter: Sendable {
    private let limit: Int
    private let counts = Mutex<[IPAddress: Int]>([:])

    /// `limit` connections per address; 0 means no limit.
    init(limit: Int) {
        self.limit = limit
    }

    /// Takes a slot for `address`; false when the address already holds `limit` of them.
    func acquire(_ address: IPAddress?) -> Bool {
        guard let address, limit > 0 else { return true }
        return counts.withLock { counts in
            let current = counts[address, default: 0]
            guard current < limit else { return false }
            counts[address] = current + 1
            return true
        }
    }

    /// Gives back a slot taken by a successful ``acquire(_:)``.
    func release(_ address: IPAddress?) {
        guard let address, limit > 0 else { return }
        counts.withLock { counts in
            let remaining = counts[address, default: 1] - 1
            counts[address] = remaining > 0 ? remaining : nil
        }
    }

    /// How many connections `address` has open (for tests and status).
    func openConnections(from address: IPAddress) -> Int {
        counts.withLock { $0[address, default: 0] }
    }
}
