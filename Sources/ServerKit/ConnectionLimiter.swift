import MailCore
import Synchronization

/// Counts a listener's open connections, in all and per client (an IP address on TCP, a uid on a
/// local socket), so that neither a flood nor one client can take every slot (Postfix's
/// `default_process_limit` and `smtpd_client_connection_count_limit`, Dovecot's `process_limit` and
/// `mail_max_userip_connections`).
public final class ConnectionLimiter<Client: Hashable & Sendable>: Sendable {
    private struct Counts {
        var total = 0
        var byAddress: [Client: Int] = [:]
    }

    private let perAddress: Int
    private let total: Int
    private let counts = Mutex(Counts())

    /// `total` connections in all and `perAddress` per client; 0 means no limit.
    public init(perAddress: Int, total: Int = 0) {
        self.perAddress = perAddress
        self.total = total
    }

    /// Takes a slot for `address`; when none is left, why not.
    public func acquire(_ address: Client?) -> RefusalReason? {
        counts.withLock { counts in
            if total > 0, counts.total >= total { return .tooManyConnections(limit: total) }
            if let address, perAddress > 0 {
                let current = counts.byAddress[address, default: 0]
                guard current < perAddress else { return .tooManyConnectionsFromAddress(limit: perAddress) }
                counts.byAddress[address] = current + 1
            }
            counts.total += 1
            return nil
        }
    }

    /// Gives back a slot taken by a successful ``acquire(_:)``.
    public func release(_ address: Client?) {
        counts.withLock { counts in
            counts.total -= 1
            guard let address, perAddress > 0 else { return }
            let remaining = counts.byAddress[address, default: 1] - 1
            counts.byAddress[address] = remaining > 0 ? remaining : nil
        }
    }

    /// How many connections `address` has open (for tests and status).
    func openConnections(from address: Client) -> Int {
        counts.withLock { $0.byAddress[address, default: 0] }
    }

    /// How many connections are open in all (for tests and status).
    var openConnections: Int {
        counts.withLock { $0.total }
    }
}
