/// A protocol's server side, as a listener sees it: it serves each accepted connection, and turns away
/// the ones over a limit with that protocol's own words (`421 4.7.0` in SMTP, `* BYE` in IMAP).
public protocol ConnectionHandler: Sendable {
    /// Serves one connection until it ends. Errors are the handler's to log; the listener only closes.
    func handle(_ connection: Connection) async

    /// Tells the peer it is refused (for `reason`) and returns; the listener closes the connection.
    func refuse(_ connection: Connection, reason: RefusalReason) async
}

/// Why a listener refused a connection before its handler served it.
public enum RefusalReason: Sendable, Equatable, CustomStringConvertible {
    /// The peer already has `limit` connections open to this listener.
    case tooManyConnectionsFromAddress(limit: Int)
    /// The listener already serves `limit` connections, from all clients together.
    case tooManyConnections(limit: Int)

    /// For the log line of a refused connection.
    public var description: String {
        switch self {
        case .tooManyConnectionsFromAddress(let limit): "too many connections from one address (limit \(limit))"
        case .tooManyConnections(let limit): "too many connections (limit \(limit))"
        }
    }
}
