import MailFolders

/// An account's folders as a session holds them: the store shared by the account's sessions, the
/// key its changes are posted under in the ``FolderChangeHub``, and what to call when the session
/// ends (so a store nobody uses is closed).
public struct AccountMail: Sendable {
    public let store: any FolderStore
    public let hubKey: String
    public let release: @Sendable () -> Void

    public init(store: any FolderStore, hubKey: String, release: @escaping @Sendable () -> Void = {}) {
        self.store = store
        self.hubKey = hubKey
        self.release = release
    }
}
