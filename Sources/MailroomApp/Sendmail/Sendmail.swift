import Foundation
import Logging
import MailCore
import MailQueue
import MailRouting
import MailroomConfig

/// `mailroom sendmail`: the sendmail(1) interface. Reads a message on stdin and commits it to the
/// queue through the same durable path as SMTP, then rings the running server's pickup socket.
///
/// Exit statuses are sendmail's (sysexits.h): 0 queued, 64 usage, 67 unknown recipient, 75 try again
/// later (the queue or user database failed).
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
        let mail: MailServices
        do {
            try DataDirectory.prepare(settings.dataDirectory)
            mail = try MailServices.make(settings: settings, logger: logger)
        } catch {
            throw .temporary("\(error)")
        }
        let sender = mail.router.qualify(sender: options.sender ?? LocalUser.name())
        var filter = LocalMessageFilter(defaults: defaults(settings, sender: sender, fullName: options.fullName),
                                        dotEndsMessage: options.dotEndsMessage)
        var submission: Submission?
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while !filter.ended {
            let count = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { break }
            let ready = filter.feed(buffer[..<count])
            if !ready.isEmpty {
                try await write(ready, to: &submission, options: options, filter: filter, sender: sender, mail: mail, settings: settings)
            }
        }
        try await write(filter.finish(), to: &submission, options: options, filter: filter, sender: sender, mail: mail, settings: settings)
        guard let submission else { throw .usage("no message") }
        do {
            _ = try await submission.transaction.commit()
        } catch {
            throw .temporary("cannot queue the message: \(error)")
        }
        QueuePickup.notify(queueDirectory: mail.queue.directory)
    }

    /// An open queue transaction.
    private struct Submission {
        let transaction: any MessageTransaction
    }

    /// Writes message bytes, opening the queue transaction with the first of them: by then the header
    /// section is complete, so `-t` knows its recipients.
    private static func write(_ bytes: [UInt8], to submission: inout Submission?, options: SendmailOptions,
                              filter: LocalMessageFilter, sender: String, mail: MailServices,
                              settings: Settings) async throws(Failure) {
        if submission == nil {
            let recipients = try route(options.recipients + (options.extractRecipients ? filter.headerRecipients : []),
                                       router: mail.router)
            do {
                let transaction = try await mail.queue.startMessage(MessageEnvelope(sender: sender, recipients: recipients))
                try await transaction.write(Array(received(settings).utf8))
                submission = Submission(transaction: transaction)
            } catch {
                throw .temporary("cannot queue the message: \(error)")
            }
        }
        do {
            try await submission?.transaction.write(bytes)
        } catch {
            await submission?.transaction.abort()
            throw .temporary("cannot queue the message: \(error)")
        }
    }

    /// Routes every recipient as a trusted local client may; one refusal stops the submission.
    private static func route(_ given: [String], router: RecipientRouter) throws(Failure) -> [MessageRecipient] {
        guard !given.isEmpty else { throw .usage("no recipient addresses found") }
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
    private static func received(_ settings: Settings) -> String {
        "Received: by \(settings.myhostname) (mailroom, from userid \(getuid()));\r\n\t\(RFC5322Date.format(Date()))\r\n"
    }

    private static func defaults(_ settings: Settings, sender: String, fullName: String?) -> LocalMessageFilter.Defaults {
        let from = fullName.map { "\($0) <\(sender)>" } ?? sender
        let unique = "\(Int(Date().timeIntervalSince1970)).\(getpid()).\(UInt32.random(in: .min ... .max))"
        return .init(from: from.isEmpty ? "MAILER-DAEMON" : from, date: RFC5322Date.format(Date()),
                     messageID: "<\(unique)@\(settings.myhostname)>")
    }
}

/// The user running the command, for the default sender.
enum LocalUser {
    static func name() -> String {
        guard let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name else { return "root" }
        return String(cString: name)
    }
}
