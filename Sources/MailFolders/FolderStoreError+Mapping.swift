import MailIndex
import MailStore

/// How the store's and the index's errors reach IMAP (RFC 5530 response codes): the message is the
/// underlying error's one line (a path and a reason, never message content).
extension FolderStoreError {
    init(_ error: MailStoreError) {
        let code: Code = switch error.code {
        case .invalidLocation: .invalidName
        case .mailboxFull, .storageFull: .full
        case .messageNotFound: .messageGone
        default: .failed
        }
        self.init(code, error.description)
    }

    init(_ error: IndexError) {
        let code: Code = switch error.code {
        case .nonexistent: .nonexistent
        case .alreadyExists: .alreadyExists
        case .notAllowed: .notAllowed
        case .full: .full
        default: .failed
        }
        self.init(code, error.description)
    }
}

/// Runs `body`, its mail store error turned into a ``FolderStoreError``.
@discardableResult
func mapped<T>(_ body: () throws(MailStoreError) -> T) throws(FolderStoreError) -> T {
    do {
        return try body()
    } catch {
        throw FolderStoreError(error)
    }
}

/// Runs `body`, its index error turned into a ``FolderStoreError``.
@discardableResult
func mapped<T>(_ body: () throws(IndexError) -> T) throws(FolderStoreError) -> T {
    do {
        return try body()
    } catch {
        throw FolderStoreError(error)
    }
}
