import Foundation
import Logging
import MailCore
import MailQueue
import MailRouting
import MailroomConfig

/// `mailroom sendmail`: the sendmail(1) interface. Reads a message on stdin and queues it. Root and the
/// data directory's owner commit it to the queue themselves, through the same durable path as SMTP,
/// then ring the running server's pickup socket (so this works while the server is down); any other
/// user hands it to the running server over `$data_directory/public/sendmail`
/// (``SendmailClient``), which learns who they are from the kernel, so no set-id program is needed.
///
/// Exit statuses are sendmail's (sysexits.h): 0 queued, 64 usage, 67 unknown recipient, 69 refused,
/// 75 try again later (the queue, the user database or the server failed), 77 sender not allowed.
public enum Sendmail {
    /// Why sendmail did not queue the message: the line for stderr and the exit status.
    public struct Failure: Error, CustomStringConvertible {
        /// `sendmail: …`, one line.
        public let description: String
        /// A sysexits.h status.
        public let exitStatus: Int32

        static func usage(_ reason: String) -> Failure { Failure(description: "sendmail: \(reason)", exitStatus: 64) }
        static func temporary(_ reason: String) -> Failure { Failure(description: "sendmail: \(reason)", exitStatus: 75) }
    }

    /// Queues the message read from `input` (a file descriptor, stdin in practice).
    public static func run(_ options: SendmailOptions, settings: Settings, input: Int32 = 0, logger: Logger) async throws(Failure) {
        if options.rebuildAliases {
            do {
                _ = try AliasTable.load(paths: settings.aliasMaps)
            } catch {
                throw Failure(description: error.description, exitStatus: 78)
            }
            return
        }
        let sender = RoutingPolicy(settings: settings).qualify(sender: options.sender ?? LocalUser.name())
        var message = SendmailInput(filter: LocalMessageFilter(defaults: defaults(settings, sender: sender, fullName: options.fullName),
                                                               dotEndsMessage: options.dotEndsMessage),
                                    descriptor: input)
        guard let first = message.next() else { throw .usage("no message") }
        let recipients = options.recipients + (options.extractRecipients ? message.filter.headerRecipients : [])
        guard !recipients.isEmpty else { throw .usage("no recipient addresses found") }
        if DataDirectory.isWritableByCaller(settings.dataDirectory) {
            try await queue(first, then: &message, sender: sender, recipients: recipients, settings: settings, logger: logger)
        } else {
            let client = SendmailClient(socketPath: DataDirectory.sendmailSocketPath(settings.dataDirectory))
            try await client.submit(first, then: &message, sender: options.sender, recipients: recipients)
        }
    }

    /// Commits the message to the queue from this process, then rings the pickup socket.
    private static func queue(_ first: [UInt8], then message: inout SendmailInput, sender: String, recipients: [String],
                              settings: Settings, logger: Logger) async throws(Failure) {
        let mail: MailServices
        do {
            try DataDirectory.prepare(settings.dataDirectory)
            try DataDirectory.becomeOwnerIfRoot(settings.dataDirectory)
            mail = try MailServices.make(settings: settings, logger: logger)
        } catch {
            throw .temporary("\(error)")
        }
        let routed = try route(recipients, router: mail.router)
        let transaction: any MessageTransaction
        do {
            transaction = try await mail.queue.startMessage(MessageEnvelope(sender: sender, recipients: routed))
        } catch {
            throw .temporary("cannot queue the message: \(error)")
        }
        do {
            try await transaction.write(Array(received(hostname: settings.myhostname, uid: getuid()).utf8))
            try await transaction.write(first)
            while let bytes = message.next() { try await transaction.write(bytes) }
            _ = try await transaction.commit()
        } catch {
            await transaction.abort()
            throw .temporary("cannot queue the message: \(error)")
        }
        QueuePickup.notify(queueDirectory: mail.queue.directory)
    }

    /// Routes every recipient as a trusted local client may; one refusal stops the submission.
    private static func route(_ given: [String], router: RecipientRouter) throws(Failure) -> [MessageRecipient] {
        var recipients: [MessageRecipient] = []
        var seen: Set<String> = []
        for recipient in given {
            switch router.route(recipient: recipient, client: ClientContext(address: nil, isAuthenticated: true)) {
            case .accept(let routed):
                recipients += routed.filter { seen.insert($0.address.lowercased()).inserted }
            case .reject(let rejection):
                throw Failure(description: "sendmail: \(rejection.text)", exitStatus: rejection.isPermanent ? 67 : 75)
            }
        }
        return recipients
    }

    /// `Received: by HOST (mailroom, from userid UID); DATE`, as Postfix's pickup(8) writes it.
    static func received(hostname: String, uid: uid_t) -> String {
        "Received: by \(hostname) (mailroom, from userid \(uid));\r\n\t\(RFC5322Date.format(Date()))\r\n"
    }

    private static func defaults(_ settings: Settings, sender: String, fullName: String?) -> LocalMessageFilter.Defaults {
        let from = fullName.map { "\($0) <\(sender)>" } ?? sender
        let unique = "\(Int(Date().timeIntervalSince1970)).\(getpid()).\(UInt32.random(in: .min ... .max))"
        return .init(from: from.isEmpty ? "MAILER-DAEMON" : from, date: RFC5322Date.format(Date()),
                     messageID: "<\(unique)@\(settings.myhostname)>")
    }
}

/// Unix users by uid, for the default sender.
enum LocalUser {
    /// The user running the command.
    static func name() -> String {
        name(uid: geteuid()) ?? "root"
    }

    /// The login name of `uid` (thread-safe: the server looks peers up concurrently).
    static func name(uid: uid_t) -> String? {
        var entry = passwd()
        var result: UnsafeMutablePointer<passwd>?
        var buffer = [CChar](repeating: 0, count: 4096)
        guard getpwuid_r(uid, &entry, &buffer, buffer.count, &result) == 0, result != nil, let name = entry.pw_name
        else { return nil }
        return String(cString: name)
    }
}
