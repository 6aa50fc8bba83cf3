import IMAPMailbox
import IMAPProtocol
import MailFolders
import MailIndex
import NIOCore

/// An APPEND being received (RFC 9051 §6.3.12, MULTIAPPEND RFC 3502): its folder and the messages so
/// far. Nothing is stored before the command ends, so a MULTIAPPEND cut short stores nothing. The
/// messages are held in memory, each within APPENDLIMIT; all of one command within
/// ``IMAPSession/multiAppendLimit`` times it, beyond which the rest is dropped and the command refused.
struct PendingAppend {
    var folder: String
    var messages: [(flags: MessageFlags, date: Int64?, bytes: [UInt8])] = []
    var bytes = 0
    var overflowed = false
}

extension IMAPSession {
    /// How many APPENDLIMITs of octets one MULTIAPPEND may carry in all (RFC 3502 lets a server refuse
    /// an APPEND it cannot hold; the messages wait in memory until the command ends).
    static let multiAppendLimit = 4

    /// Checks the target folder exists; the refusal (`NO [TRYCREATE]`) when it does not.
    mutating func beginAppend(tag: String, mailbox: String) async -> IMAPServerMachine.CommandCompletion? {
        guard let store = account?.mail.store else { return .no(.serverBug, "No account") }
        let name = canonicalFolderName(mailbox)
        do {
            // INBOX always exists (RFC 9051 §5.1), even before an account's first message.
            let exists = try await blocking { try name == "INBOX" || store.exists(name) }
            guard exists else { return .no(.tryCreate, "Mailbox doesn't exist") }
        } catch let error as FolderStoreError {
            let (code, text) = refusal(error, tryCreate: true)
            return .no(code, text)
        } catch {
            return .no(.serverBug, "Internal error")
        }
        appending = PendingAppend(folder: name)
        return nil
    }

    /// Takes one part of the APPEND; at ``AppendPart/finish`` stores every message and returns the
    /// completion with `[APPENDUID]` (RFC 4315 §3).
    mutating func appendPart(_ part: AppendPart) async -> IMAPServerMachine.CommandCompletion? {
        switch part {
        case .start:
            return nil
        case .beginMessage(let message):
            guard var pending = appending else { return nil }
            pending.bytes += message.size
            pending.overflowed = pending.overflowed
                || pending.bytes > machine.configuration.limits.messageSize * Self.multiAppendLimit
            if !pending.overflowed {
                var bytes: [UInt8] = []
                bytes.reserveCapacity(message.size)
                pending.messages.append((MessageFlags(imapFlags: message.flags), message.internalDate?.secondsSince1970, bytes))
            }
            appending = pending
            return nil
        case .messageBytes(let buffer):
            guard appending?.overflowed == false, let last = appending?.messages.indices.last else { return nil }
            appending?.messages[last].bytes.append(contentsOf: buffer.readableBytesView)
            return nil
        case .endMessage:
            return nil
        case .finish:
            guard let pending = appending else { return .no(.serverBug, "No APPEND in progress") }
            appending = nil
            if pending.overflowed { return .no(.limit, "Too much data in one APPEND") }
            return await store(pending)
        }
    }

    /// Stores an APPEND's messages; all or nothing (RFC 3502 §6): after a failure the messages
    /// already stored are expunged again.
    private mutating func store(_ pending: PendingAppend) async -> IMAPServerMachine.CommandCompletion {
        guard let store = account?.mail.store else { return .no(.serverBug, "No account") }
        let completion: IMAPServerMachine.CommandCompletion
        do {
            let appended = try await blocking { () throws -> [AppendedMessage] in
                var done: [AppendedMessage] = []
                do {
                    for message in pending.messages {
                        done.append(try store.append(message.bytes, flags: message.flags, internalDate: message.date,
                                                     to: pending.folder))
                    }
                } catch {
                    try? store.expunge(done.map(\.message.uid), from: pending.folder)
                    throw error
                }
                return done
            }
            announceChange(in: pending.folder)
            let uids = UIDSet(appended.map { $0.message.uid...$0.message.uid })
            completion = .ok(appended.first.map { .appendUID(uidValidity: $0.uidValidity, uids: uids) })
        } catch let error as FolderStoreError {
            let (code, text) = refusal(error, tryCreate: true)
            completion = .no(code, text)
        } catch {
            completion = .no(.serverBug, "Internal error")
        }
        guard selected != nil else { return completion }
        var withUpdates = completion
        withUpdates.updates = await pendingUpdates(expungesAllowed: true)
        return withUpdates
    }
}
