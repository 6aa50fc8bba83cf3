import MailCore

/// Counts logged-in sessions per user and client address, Dovecot's `mail_max_userip_connections`:
/// a client that opens connection after connection cannot exhaust the server for everyone else.
public final class UserSessionLimiter: Sendable {
    private struct Key: Hashable {
        var user: String
        var address: IPAddress?
    }

    private let limit: Int
    private let counts = ParkingMutex([Key: Int]())

    public init(limit: Int) {
        self.limit = limit
    }

    /// Takes a place for `user` from `address`; false when the limit is reached.
    public func enter(user: String, address: IPAddress?) -> Bool {
        counts.withLock { counts in
            let key = Key(user: user, address: address)
            guard counts[key, default: 0] < limit else { return false }
            counts[key, default: 0] += 1
            return true
        }
    }

    /// Frees the place taken by ``enter(user:address:)``.
    public func leave(user: String, address: IPAddress?) {
        counts.withLock { counts in
            let key = Key(user: user, address: address)
            let count = counts[key, default: 1] - 1
            counts[key] = count > 0 ? count : nil
        }
    }
}
