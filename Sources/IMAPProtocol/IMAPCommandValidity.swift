/// The session states in which a command is valid (RFC 9051 §6.1-§6.4; IDLE RFC 2177 §3; ENABLE
/// RFC 5161 §3.1, which allows it only before a mailbox is selected).
public enum IMAPCommandValidity: Hashable, Sendable {
    /// CAPABILITY, NOOP, LOGOUT, ID: any state (§6.1).
    case anyState
    /// STARTTLS, AUTHENTICATE, LOGIN (§6.2).
    case notAuthenticated
    /// ENABLE: authenticated with no mailbox selected.
    case authenticatedOnly
    /// SELECT ... APPEND, IDLE: authenticated or selected (§6.3).
    case authenticated
    /// CHECK ... MOVE: selected (§6.4).
    case selected
}

extension IMAPCommand {
    /// Where the command may be sent (RFC 9051 §6).
    public var validity: IMAPCommandValidity {
        switch self {
        case .capability, .noop, .logout, .id: .anyState
        case .startTLS, .authenticate, .login: .notAuthenticated
        case .enable: .authenticatedOnly
        case .select, .examine, .create, .delete, .rename, .subscribe, .unsubscribe, .list, .lsub, .namespace,
             .status, .idle: .authenticated
        case .check, .close, .unselect, .expunge, .uidExpunge, .search, .fetch, .store, .copy, .move: .selected
        }
    }

    /// The verb, for completion texts (`FETCH completed`).
    var verb: String {
        switch self {
        case .capability: "CAPABILITY"
        case .noop: "NOOP"
        case .logout: "LOGOUT"
        case .id: "ID"
        case .startTLS: "STARTTLS"
        case .authenticate: "AUTHENTICATE"
        case .login: "LOGIN"
        case .enable: "ENABLE"
        case .select: "SELECT"
        case .examine: "EXAMINE"
        case .create: "CREATE"
        case .delete: "DELETE"
        case .rename: "RENAME"
        case .subscribe: "SUBSCRIBE"
        case .unsubscribe: "UNSUBSCRIBE"
        case .list: "LIST"
        case .lsub: "LSUB"
        case .namespace: "NAMESPACE"
        case .status: "STATUS"
        case .idle: "IDLE"
        case .check: "CHECK"
        case .close: "CLOSE"
        case .unselect: "UNSELECT"
        case .expunge, .uidExpunge: "EXPUNGE"
        case .search: "SEARCH"
        case .fetch: "FETCH"
        case .store: "STORE"
        case .copy: "COPY"
        case .move: "MOVE"
        }
    }
}
