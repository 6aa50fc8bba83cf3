import Foundation
import LocalSubmission
import Logging
import MailCore
import MailRouting
import NIOCore
import SMTPProtocol
import ServerKit

/// One local submission (``LocalSubmissionMachine``) from a Unix user on the `public/sendmail` socket:
/// the NIO glue that carries out the machine's actions with the peer's kernel-reported identity.
///
/// The envelope sender comes from the peer's uid (``LocalSubmitter``), recipients are routed as for a
/// trusted local client (as `sendmail` routes them itself), the `Received:` line names the peer's uid
/// as Postfix's pickup(8) does, and `250` is written only once the queue has the message on disk.
struct SendmailSession {
    /// What every session shares.
    struct Services: Sendable {
        let router: RecipientRouter
        let sink: any MessageSink
        let hostname: String
        let mydomain: String
        /// `message_size_limit`; `nil` for none.
        let messageSizeLimit: Int?
        /// The data directory's owner, trusted like root.
        let owner: uid_t
    }

    private let services: Services
    private let submitter: LocalSubmitter
    private let connection: Connection
    private let logger: Logger
    private var machine = LocalSubmissionMachine()
    private var requestedSender: String?
    private var recipients: [MessageRecipient] = []
    private var seen: Set<String> = []

    init(services: Services, peer: SendmailListener.Accepted, logger: Logger) {
        self.services = services
        self.submitter = LocalSubmitter.peer(uid: peer.uid, trustedOwner: services.owner)
        self.connection = peer.connection
        self.logger = logger.tagged("session", "sendmail").tagged("uid", "\(peer.uid)")
    }

    /// Serves the connection until the submission ends, then closes it.
    consuming func run() async {
        do {
            try await connection.withIO { reader, writer in
                while !machine.isFinished, let frame = try await reader.nextLine() {
                    let action = switch frame {
                    case .line(let line): machine.receive(line: line)
                    case .lineTooLong: machine.receiveOverlongLine()
                    }
                    guard let reply = try await perform(action, reader: &reader, writer: writer) else { continue }
                    try await writer.write(reply.wireFormat)
                }
            }
        } catch {
            logger.info("local submission ended: \(error)")
        }
    }

    /// Carries out one action; returns the reply to write.
    private mutating func perform(_ action: LocalSubmissionMachine.Action, reader: inout ConnectionReader,
                                  writer: ConnectionWriter) async throws -> SMTPReply? {
        switch action {
        case .checkSender(let sender):
            requestedSender = sender
            do {
                _ = try envelopeSender()
                return SMTPReply(.ok, .senderOK, "Ok")
            } catch {
                logger.notice("sender rejected: <\(sender)> not owned by \(submitter.name)")
                return close(SMTPReply(.mailboxNameNotAllowed, EnhancedStatusCode("5.7.1"), error.text))
            }
        case .routeRecipient(let recipient):
            switch services.router.route(recipient: recipient, client: ClientContext(address: nil, isAuthenticated: true)) {
            case .accept(let routed):
                recipients += routed.filter { seen.insert($0.address.lowercased()).inserted }
                return SMTPReply(.ok, .destinationValid, "Ok")
            case .reject(let rejection):
                logger.info("recipient rejected: \(rejection)")
                let code = ReplyCode(rawValue: rejection.replyCode) ?? .mailboxUnavailable
                return close(SMTPReply(code, EnhancedStatusCode(rejection.enhancedStatus), rejection.text))
            }
        case .receiveBody:
            let reply = try await receiveBody(reader: &reader, writer: writer)
            machine.bodyReceived()
            return reply
        case .close(let reply):
            return reply
        }
    }

    /// A refusal ends the submission, as it ends `sendmail`.
    private mutating func close(_ reply: SMTPReply) -> SMTPReply {
        machine.refused()
        return reply
    }

    private static let queueFailure = SMTPReply(.localError, .transientSystemError, "Error: queue file write error")

    private func envelopeSender() throws(LocalSubmitter.SenderRefusal) -> String {
        try submitter.envelopeSender(requested: requestedSender, router: services.router, mydomain: services.mydomain)
    }

    /// Opens the queue transaction, takes the dot-stuffed body and commits it; the reply is the
    /// outcome (`250` only after the commit, RFC 5321 §4.1.1.4).
    private func receiveBody(reader: inout ConnectionReader, writer: ConnectionWriter) async throws -> SMTPReply {
        let transaction: any MessageTransaction
        do {
            transaction = try await services.sink.startMessage(MessageEnvelope(sender: try envelopeSender(), recipients: recipients))
            try await transaction.write(Array(Sendmail.received(hostname: services.hostname, uid: submitter.uid).utf8))
        } catch {
            logger.error("cannot queue a local submission: \(error)")
            return Self.queueFailure
        }
        var decoder = DataStreamDecoder(maximumSize: services.messageSizeLimit)
        do {
            try await writer.write(SMTPReply(.startMailInput, nil, "End data with <CR><LF>.<CR><LF>").wireFormat)
            while let bytes = try await reader.nextBytes() {
                let output = decoder.decode(bytes)
                if !decoder.isTooBig, output.body.readableBytes > 0 {
                    try await transaction.write(Array(output.body.readableBytesView))
                }
                guard let end = output.end else { continue }
                guard !end.tooBig else {
                    await transaction.abort()
                    return SMTPReply(.exceededStorage, .messageTooBig, "Error: message file too big")
                }
                return await commit(transaction)
            }
        } catch {
            await transaction.abort()
            throw error
        }
        await transaction.abort()
        throw AppError("the client left before the end of the message")
    }

    private func commit(_ transaction: any MessageTransaction) async -> SMTPReply {
        do {
            let id = try await transaction.commit()
            logger.info("queued \(id) from uid \(submitter.uid)")
            return SMTPReply(.ok, .success, "Ok: queued as \(id)")
        } catch {
            logger.error("cannot queue a local submission: \(error)")
            return Self.queueFailure
        }
    }
}
