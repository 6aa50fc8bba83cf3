import Accounts
import Foundation
import Logging
import MailCore
import MailRouting
import NIOCore
import NIOPosix
import SMTPProtocol
import ServerKit

/// One SMTP/LMTP connection: reads lines (or raw body octets), feeds the machine, and carries out each
/// action it returns. The machine decides; this only moves bytes and calls the services.
struct SMTPSession {
    /// The services a session calls, shared by every connection of a listener.
    struct Services: Sendable {
        let authenticator: Authenticator
        let router: RecipientRouter
        let sink: any MessageSink
        let threadPool: NIOThreadPool
        let logger: Logger
        /// How long a failed AUTH waits before its `535`, to slow password guessing (Dovecot's
        /// `auth_failure_delay`, 2 s, as POP3 waits).
        let failedLoginDelay: Duration
    }

    private let connection: Connection
    private var machine: SMTPServerMachine
    private let services: Services
    private let logger: Logger
    private let writer: ConnectionWriter
    private let commandLineLimit: Int
    private var sasl: SASLExchange?
    /// Routing results of accepted recipients, by the address as the client gave it.
    private var routed: [String: [MessageRecipient]] = [:]
    private var transaction: OpenTransaction?
    /// Normalises the line ends of a BDAT body across its chunks (not for BODY=BINARYMIME, RFC 3030 §3).
    private var chunkedBody: DataStreamDecoder?

    init(connection: Connection, machine: SMTPServerMachine, services: Services, logger: Logger,
         writer: ConnectionWriter, commandLineLimit: Int) {
        self.connection = connection
        self.machine = machine
        self.services = services
        self.logger = logger
        self.writer = writer
        self.commandLineLimit = commandLineLimit
    }

    /// Serves the connection until QUIT, an error limit, a timeout or the client leaving. A client
    /// silent for `smtpd_timeout`, between commands or inside a message, gets `421 4.4.2` (RFC 5321
    /// §4.5.3.2) and any open message is dropped.
    mutating func run(_ reader: inout ConnectionReader) async throws {
        defer { if let transaction { Task { await transaction.abort() } } }
        try await perform(machine.connectionOpened(), &reader)
        while !machine.isClosed {
            do {
                guard try await serveNextCommand(&reader) else { return }
            } catch let error as ServerKitError where error == .idleTimeout {
                try await perform(machine.timedOut(), &reader)
                return
            }
        }
    }

    /// Reads one command line and carries out what follows from it; false when the client left.
    private mutating func serveNextCommand(_ reader: inout ConnectionReader) async throws -> Bool {
        switch try await reader.nextLine() {
        case .line(let line)?:
            try await perform(machine.commandLine(line, endedWithBareLF: reader.lastLineEndedWithBareLF), &reader)
        case .lineTooLong?: try await perform(machine.lineTooLong(), &reader)
        case nil: return false
        }
        return true
    }

    // MARK: - Actions

    private mutating func perform(_ first: SMTPServerMachine.Action, _ reader: inout ConnectionReader) async throws {
        var action = first
        while true {
            switch action {
            case .nothing:
                return
            case .send(let reply), .sendAndClose(let reply):
                try await send(reply)
                return
            case .sendReplies(let replies):
                try await writer.write(replies.map(\.wireFormat).joined())
                return
            case .startTLS(let reply):
                try await connection.startTLS(reply: writer.buffer(reply.wireFormat))
                try await reader.awaitTLS()
                logger.debug("TLS established")
                action = machine.tlsEstablished()
            case .startAuthentication(let mechanism, let initialResponse):
                guard let (exchange, step) = SASLExchange.begin(mechanism: mechanism, initialResponse: initialResponse) else {
                    action = machine.authenticationFinished(.malformedResponse)
                    continue
                }
                sasl = exchange
                reader.maximumLineLength = SMTPLimits.authenticationLineLength
                action = try await authenticationStep(step, &reader)
            case .continueAuthentication(let line):
                guard var exchange = sasl else { return }
                let step = exchange.receive(line)
                sasl = exchange
                action = try await authenticationStep(step, &reader)
            case .cancelAuthentication(let reply):
                endAuthentication(&reader)
                try await send(reply)
                return
            case .checkSender(let sender, let identity):
                action = machine.senderChecked(await checkSender(sender, identity: identity))
            case .checkRecipient(let path, let parameters):
                action = machine.recipientChecked(await check(path, parameters))
            case .beginMessage(let envelope, let transfer):
                await begin(envelope)
                switch transfer {
                case .dotTerminated(let reply):
                    try await send(reply)
                    action = try await receiveDotTerminatedBody(&reader)
                case .chunk(let size):
                    if envelope.parameters.body != .binaryMIME {
                        chunkedBody = DataStreamDecoder(maximumSize: nil, framing: .chunked,
                                                        bareLineEnds: machine.configuration.bareLineEnds)
                    }
                    action = try await receiveChunk(size, &reader)
                }
            case .receiveChunk(let size):
                action = try await receiveChunk(size, &reader)
            case .appendBody(let bytes):
                guard var decoder = chunkedBody else {
                    await transaction?.write(bytes)
                    return
                }
                let output = decoder.decode(bytes)
                chunkedBody = decoder
                await transaction?.write(output.body)
                guard let refused = output.bareLineEnd else { return }
                action = machine.bareLineEndReceived(refused)
            case .commitMessage:
                if var decoder = chunkedBody {
                    let tail = decoder.finishChunks()
                    chunkedBody = nil
                    await transaction?.write(tail.body)
                    if let refused = tail.bareLineEnd {
                        action = machine.bareLineEndReceived(refused)
                        continue
                    }
                }
                action = machine.commitFinished(await commit())
            case .abortMessage(let replies, _):
                await transaction?.abort()
                transaction = nil
                chunkedBody = nil
                try await writer.write(replies.map(\.wireFormat).joined())
                return
            }
        }
    }

    private func send(_ reply: SMTPReply) async throws {
        try await writer.write(reply.wireFormat)
    }

    // MARK: - AUTH (RFC 4954)

    private mutating func authenticationStep(_ step: SASLAction, _ reader: inout ConnectionReader) async throws
        -> SMTPServerMachine.Action
    {
        if case .challenge(let challenge) = step {
            return machine.authenticationChallenge(challenge)
        }
        endAuthentication(&reader)
        switch step {
        case .challenge:
            preconditionFailure("handled above")
        case .failed(let failure):
            switch failure {
            case .cancelled: return machine.authenticationFinished(.cancelled)
            case .invalidBase64, .malformedResponse: return machine.authenticationFinished(.malformedResponse)
            case .authorizationDenied: return machine.authenticationFinished(.invalidCredentials)
            }
        case .credentials(let login, let password):
            return machine.authenticationFinished(await verify(login: login, password: password))
        }
    }

    /// crypt(3) is slow on purpose: it runs on the thread pool, never on an event loop or the
    /// cooperative pool. Credentials never reach a log line.
    private func verify(login: String, password: String) async -> SMTPServerMachine.AuthenticationOutcome {
        let authenticator = services.authenticator
        do {
            let account = try await services.threadPool.runIfActive {
                try authenticator.authenticate(login: login, password: password)
            }
            guard let account else {
                logger.notice("authentication failed", metadata: ["login": "\(login.escapedForLog)"])
                try? await Task.sleep(for: services.failedLoginDelay)
                return .invalidCredentials
            }
            logger.info("authenticated", metadata: ["account": "\(account.address)"])
            return .succeeded(identity: account.address.description)
        } catch {
            logger.error("user database failed: \(error)")
            return .temporaryFailure
        }
    }

    /// Ends a SASL exchange: AUTH responses may be longer than commands (RFC 4954 §4), so the line
    /// limit goes back to the command limit.
    private mutating func endAuthentication(_ reader: inout ConnectionReader) {
        sasl = nil
        reader.maximumLineLength = commandLineLimit
    }

    // MARK: - Sender and recipients

    /// A logged-in client may send only as an address its login owns (Postfix's
    /// `reject_sender_login_mismatch` with `smtpd_sender_login_maps`), so one account cannot forge
    /// another's mail. Like routing, it may read the user database, so it runs on the thread pool.
    private func checkSender(_ sender: EmailAddress, identity: String) async -> SMTPServerMachine.PolicyVerdict {
        let router = services.router
        let owned = (try? await services.threadPool.runIfActive { router.isSender(sender.description, ownedBy: identity) })
        if owned == true { return .accept }
        logger.notice("sender rejected: \(sender) not owned by \(identity)")
        return .reject(SMTPReply(.mailboxNameNotAllowed, EnhancedStatusCode("5.7.1"),
                                 "<\(sender)>: Sender address rejected: not owned by user \(identity)"))
    }

    /// Routing may look accounts up in the user database (a `stat(2)`, a read when the file changed): it
    /// runs on the thread pool, never on the cooperative pool.
    private mutating func check(_ path: ForwardPath, _ parameters: RecipientParameters) async -> SMTPServerMachine.PolicyVerdict {
        let given = path.address?.description ?? "postmaster"
        let router = services.router
        let client = ClientContext(address: connection.remoteAddress, isAuthenticated: machine.authenticatedIdentity != nil)
        let decision: RoutingDecision
        do {
            decision = try await services.threadPool.runIfActive { router.route(recipient: given, client: client) }
        } catch {
            decision = .reject(.temporary(given, detail: "\(error)"))
        }
        switch decision {
        case .accept(let recipients):
            routed[given] = recipients.map { Self.withDSN($0, parameters) }
            return .accept
        case .reject(let rejection):
            logger.info("recipient rejected: \(rejection)")
            let code = ReplyCode(rawValue: rejection.replyCode) ?? .mailboxUnavailable
            return .reject(SMTPReply(code, EnhancedStatusCode(rejection.enhancedStatus), rejection.text))
        }
    }

    private static func withDSN(_ recipient: MessageRecipient, _ parameters: RecipientParameters) -> MessageRecipient {
        var recipient = recipient
        switch parameters.notify {
        case .never?: recipient.notify = ["NEVER"]
        case .on(let success, let failure, let delay)?:
            recipient.notify = [success ? "SUCCESS" : nil, failure ? "FAILURE" : nil, delay ? "DELAY" : nil].compactMap { $0 }
        case nil: break
        }
        recipient.originalRecipientParameter = parameters.originalRecipient.map { "\($0.addressType);\($0.address)" }
        return recipient
    }

    // MARK: - The message

    private mutating func begin(_ envelope: SMTPEnvelope) async {
        var recipients: [MessageRecipient] = []
        var seen: Set<String> = []
        for recipient in envelope.recipients {
            let given = recipient.path.address?.description ?? "postmaster"
            for routedRecipient in routed[given] ?? [] where seen.insert(routedRecipient.address.lowercased()).inserted {
                recipients.append(routedRecipient)
            }
        }
        routed = [:]
        let sender = services.router.qualify(sender: envelope.reversePath.address?.description ?? "")
        let messageEnvelope = MessageEnvelope(
            sender: sender, recipients: recipients, envelopeID: envelope.parameters.envelopeID,
            returnHeadersOnly: envelope.parameters.dsnReturn == .headers,
            eightBit: envelope.parameters.body == .eightBitMIME || envelope.parameters.body == .binaryMIME,
            smtpUTF8: envelope.parameters.smtpUTF8)
        let received = ReceivedHeader(
            heloName: envelope.heloName?.description, clientAddress: connection.remoteAddress,
            hostname: machine.configuration.hostname, protocolWord: envelope.receivedProtocol,
            recipient: envelope.recipients.count == 1 ? envelope.recipients[0].path.address?.description : nil,
            date: Date())
        transaction = await OpenTransaction.start(sink: services.sink, envelope: messageEnvelope,
                                                  header: received.text, logger: logger)
    }

    private mutating func receiveDotTerminatedBody(_ reader: inout ConnectionReader) async throws -> SMTPServerMachine.Action {
        var decoder = DataStreamDecoder(maximumSize: machine.configuration.maximumMessageSize,
                                        bareLineEnds: machine.configuration.bareLineEnds)
        while true {
            guard let bytes = try await reader.nextBytes() else { throw SMTPSessionError.closedDuringData }
            let output = decoder.decode(bytes)
            if output.body.readableBytes > 0 {
                try await perform(machine.dataChunk(output.body), &reader)
            }
            if let refused = output.bareLineEnd {
                logger.notice("bare line end in the message body; refused")
                return machine.bareLineEndReceived(refused)
            }
            if let end = output.end {
                reader.unread(end.leftover)
                return end.tooBig ? machine.messageTooBig() : machine.dataEnded()
            }
        }
    }

    private mutating func receiveChunk(_ size: Int, _ reader: inout ConnectionReader) async throws -> SMTPServerMachine.Action {
        var remaining = size
        while remaining > 0 {
            guard let bytes = try await reader.nextBytes(atMost: remaining) else { throw SMTPSessionError.closedDuringData }
            remaining -= bytes.readableBytes
            try await perform(machine.dataChunk(bytes), &reader)
            if machine.isClosed { return .nothing }  // a bare line end under the reject policy
        }
        return machine.dataEnded()
    }

    private mutating func commit() async -> SMTPServerMachine.CommitOutcome {
        defer { transaction = nil }
        guard let transaction else {
            return .failed(SMTPReply(.localError, EnhancedStatusCode("4.3.0"), "Error: queue file write error"))
        }
        return await transaction.commit()
    }
}

/// Why a session ended abnormally.
enum SMTPSessionError: Error {
    /// The client closed the connection in the middle of a message body.
    case closedDuringData
}
