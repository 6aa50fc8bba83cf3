import Accounts
import IMAPMailbox
import IMAPProtocol
import Logging
import MailCore
import MailFolders
import MailIndex
import ServerKit

// MARK: - Login (RFC 9051 §6.2.2-§6.2.3) and SELECT (§6.3.2-§6.3.3)

extension IMAPSession {
    /// Checks the password, then opens the account's folders. A failure is delayed and logged with
    /// the client address; the password never reaches the log.
    mutating func login(_ user: String, _ password: String) async -> IMAPServerMachine.LoginResult {
        let services = services
        let opened: (Account, AccountMail)?
        do {
            opened = try await blocking { () throws -> (Account, AccountMail)? in
                guard let account = try services.authenticator.authenticate(login: user, password: password) else { return nil }
                return (account, try services.mail(account))
            }
        } catch {
            logger.error("cannot open the account's mail: \(error)", metadata: ["login": "\(user.escapedForLog)"])
            return .temporaryFailure
        }
        guard let (account, mail) = opened else {
            logger.notice("authentication failed", metadata: ["login": "\(user.escapedForLog)"])
            try? await Task.sleep(for: services.settings.failedLoginDelay)
            return .invalidCredentials
        }
        let name = account.address.description
        guard services.userSessions.enter(user: name, address: connection.remoteAddress) else {
            mail.release()
            logger.notice("too many sessions for one user from one address", metadata: ["account": "\(name)"])
            return .temporaryFailure
        }
        self.account = (name, mail)
        logger[metadataKey: "account"] = "\(name)"
        logger.info("logged in")
        return .succeeded
    }

    /// Opens the folder for SELECT or EXAMINE; any folder selected before is already closed.
    mutating func select(_ request: IMAPServerMachine.SelectRequest) async -> IMAPServerMachine.SelectResult {
        selected = nil
        savedSearch = nil
        guard let store = account?.mail.store else { return .failed(.serverBug, "No account") }
        let name = canonicalFolderName(request.mailbox)
        do {
            // Only IMAP4rev2's SELECT lists the mailbox (RFC 9051 §6.3.2); rev1 needs no folder list.
            let listsFolder = machine.encodingOptions.revision == .imap4rev2
            let (selection, folders) = try await blocking { () throws -> (FolderSelection, [FolderInfo]) in
                (try store.select(name), listsFolder ? try store.folders() : [])
            }
            let messages = SelectedMessages(selection: selection)
            selected = SelectedFolder(name: name, readOnly: request.readOnly, messages: messages)
            let attributes = FolderListing.attributes(of: name, in: folders)
            return .selected(messages.selectStatus(of: selection, listAttributes: attributes))
        } catch let error as FolderStoreError {
            let (code, text) = refusal(error)
            return .failed(code, text)
        } catch {
            logger.error("cannot open folder: \(error)")
            return .failed(.serverBug, "Internal error")
        }
    }

    /// The response code and text for a store failure; `failed` is logged and not shown.
    func refusal(_ error: FolderStoreError, tryCreate: Bool = false) -> (ResponseCode?, String) {
        switch error.code {
        case .nonexistent: return (tryCreate ? .tryCreate : .nonExistent, "Mailbox doesn't exist")
        case .alreadyExists: return (.alreadyExists, "Mailbox already exists")
        case .invalidName: return (.cannot, error.message)
        case .notAllowed: return (.cannot, error.message)
        case .full: return (.overQuota, "Quota exceeded")
        case .messageGone: return (.expungeIssued, "Some of the requested messages no longer exist")
        default:
            logger.error("mail store: \(error)")
            return (.serverBug, "Internal error occurred. Refer to server log for more information.")
        }
    }

    /// Updates other sessions, deliveries and programs made to the selected folder since the session
    /// last looked (RFC 9051 §7.4.1: EXPUNGE only when `expungesAllowed`).
    mutating func pendingUpdates(expungesAllowed: Bool) async -> [UntaggedResponse] {
        guard let folder = selected, let store = account?.mail.store else { return [] }
        let name = folder.name
        let since = folder.messages.highestModSeq
        let ahead = lookedAhead
        lookedAhead = nil
        if ahead == nil, lastLookSuffices, let look = folder.lastLook,
           look.isFresh(generation: store.changeGeneration, at: .now) {
            return []
        }
        do {
            let changes: FolderChanges
            if let ahead, ahead.folder == name, ahead.since == since {
                changes = ahead.changes
            } else {
                let started = ContinuousClock.now
                let generation: UInt64
                (generation, changes) = try await blocking { () throws -> (UInt64, FolderChanges) in
                    (store.changeGeneration, try store.changes(in: name, since: since))
                }
                if selected?.name == name {
                    selected?.lastLook = FolderLook(generation: generation, at: started)
                }
            }
            guard selected?.name == name else { return [] }
            return selected?.messages.apply(changes, expungesAllowed: expungesAllowed) ?? []
        } catch {
            logger.error("cannot look for changes: \(error)")
            return []
        }
    }

    /// Tells the account's other sessions (in IDLE) that `folder` changed.
    func announceChange(in folder: String) {
        guard let account else { return }
        services.hub.post(account: account.mail.hubKey, folder: folder)
    }
}
