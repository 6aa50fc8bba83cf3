import MailCore

/// Tells the sessions waiting on an account's folders, in this process, that something changed:
/// a delivery into the INBOX, another session's APPEND, STORE, EXPUNGE or MOVE. An IMAP session in
/// IDLE listens and writes EXISTS, EXPUNGE and FETCH FLAGS at once (RFC 2177 §3; issue 10 asks for
/// under a second); outside IDLE a session asks its ``FolderStore`` at each command boundary and
/// needs no signal.
///
/// Accounts are named by a key both sides derive from the account the same way (the INBOX's path).
/// A signal carries no data: the listener asks the store what changed, so a lost or doubled
/// signal costs nothing but a look.
public final class FolderChangeHub: Sendable {
    /// A listener's registration; pass it to ``stopListening(_:)``.
    public struct Registration: Hashable, Sendable {
        let account: String
        let id: UInt64
    }

    private struct State {
        var nextID: UInt64 = 0
        var listeners: [String: [UInt64: @Sendable (_ folder: String) -> Void]] = [:]
    }

    private let state = ParkingMutex(State())

    public init() {}

    /// Calls `notify` with the folder's name after each change to a folder of `account`, from the
    /// thread that made the change, until ``stopListening(_:)``. `notify` must not block.
    public func listen(account: String, _ notify: @escaping @Sendable (_ folder: String) -> Void) -> Registration {
        state.withLock { state in
            state.nextID += 1
            state.listeners[account, default: [:]][state.nextID] = notify
            return Registration(account: account, id: state.nextID)
        }
    }

    /// Ends a registration; later changes are not reported to it.
    public func stopListening(_ registration: Registration) {
        state.withLock { state in
            state.listeners[registration.account]?[registration.id] = nil
            if state.listeners[registration.account]?.isEmpty == true {
                state.listeners[registration.account] = nil
            }
        }
    }

    /// Reports a change to `folder` of `account` to every listener of the account.
    public func post(account: String, folder: String) {
        let listeners = state.withLock { state in state.listeners[account].map { Array($0.values) } ?? [] }
        for notify in listeners {
            notify(folder)
        }
    }
}
