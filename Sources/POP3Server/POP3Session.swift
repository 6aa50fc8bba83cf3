import Accounts
import Logging
import MailCore
import MailFolders
import MailIndex
import MailStore
import NIOCore
import NIOPosix
import POP3Protocol
import ServerKit

/// One POP3 connection: reads command lines, feeds the machine, and carries out each action it returns
/// against the account database and the account's folder store. Blocking store and crypt work runs on
/// the thread pool.
struct POP3Session {
    private let connection: Connection
    private var machine: POP3ServerMachine
    private let services: POP3ConnectionHandler.Services
    private let logger: Logger
    private var sasl: SASLExchange?
    /// The open maildrop, from login to the end of the session.
    private var maildrop: OpenMaildrop?
    /// Messages read ahead of the client's RETRs.
    private var readAhead: MessageReadAhead?

    init(connection: Connection, machine: POP3ServerMachine, services: POP3ConnectionHandler.Services, logger: Logger) {
        self.connection = connection
        self.machine = machine
        self.services = services
        self.logger = logger
    }

    /// Serves the connection until QUIT, the error limit, the idle timeout or the client leaving. Nothing is
    /// deleted unless the machine reached the UPDATE state (RFC 1939 §6).
    mutating func run(_ reader: inout ConnectionReader, _ writer: ConnectionWriter) async throws {
        try await perform(machine.connectionOpened(), &reader, writer)
        while !machine.isClosed {
            reader.maximumLineLength = machine.maximumLineLength
            let frame: LineFramer.Frame?
            do {
                frame = try await reader.nextLine()
            } catch let error as ServerKitError where error == .idleTimeout {
                try await perform(machine.timedOut(), &reader, writer)
                return
            }
            switch frame {
            case .line(let line)?: try await perform(machine.commandLine(line), &reader, writer)
            case .lineTooLong?: try await perform(machine.lineTooLong(), &reader, writer)
            case nil: return
            }
        }
    }

    /// Frees the maildrop for the next session; call once, when the session is over.
    func releaseMaildrop() {
        maildrop?.release()
    }

    private mutating func perform(_ first: POP3ServerMachine.Action, _ reader: inout ConnectionReader,
                                  _ writer: ConnectionWriter) async throws {
        var action = first
        while true {
            switch action {
            case .nothing, .close:
                return
            case .send(let response), .sendAndClose(let response):
                try await writer.write(response.wireFormat)
                return
            case .startTLS(let response):
                try await connection.startTLS(reply: writer.buffer(response.wireFormat))
                try await reader.awaitTLS()
                action = machine.tlsEstablished()
            case .startAuthentication(let mechanism, let initialResponse):
                guard let (exchange, step) = SASLExchange.begin(mechanism: mechanism, initialResponse: initialResponse) else {
                    action = machine.authenticationFinished(.malformedResponse)
                    continue
                }
                sasl = exchange
                action = await authenticationStep(step)
            case .continueAuthentication(let line):
                guard var exchange = sasl else { return }
                let step = exchange.receive(line)
                sasl = exchange
                action = await authenticationStep(step)
            case .cancelAuthentication(let response):
                sasl = nil
                try await writer.write(response.wireFormat)
                return
            case .verifyLogin(let user, let password):
                action = machine.loginFinished(await login(user: user, password: password))
            case .sendMessage(let response, let id, let topLines):
                guard try await send(id, response, topLines: topLines, writer) else {
                    action = machine.messageUnavailable()
                    continue
                }
                action = machine.messageSent()
            case .applyDeletions(let ids):
                action = machine.updateFinished(await expunge(ids))
            }
        }
    }

    // MARK: - Login (RFC 1939 §7, RFC 5034)

    private mutating func authenticationStep(_ step: SASLAction) async -> POP3ServerMachine.Action {
        switch step {
        case .challenge(let challenge):
            return machine.authenticationChallenge(challenge)
        case .failed(let failure):
            sasl = nil
            switch failure {
            case .cancelled: return machine.authenticationFinished(.cancelled)
            case .authorizationDenied: return machine.authenticationFinished(.login(.invalidCredentials))
            case .invalidBase64, .malformedResponse: return machine.authenticationFinished(.malformedResponse)
            }
        case .credentials(let login, let password):
            sasl = nil
            return machine.authenticationFinished(.login(await self.login(user: login, password: password)))
        }
    }

    /// Checks the password, then locks the maildrop and lists the account's INBOX. A failure is delayed
    /// and logged with the client address; the password never reaches the log.
    private mutating func login(user: String, password: String) async -> POP3ServerMachine.LoginResult {
        let services = services
        do {
            let opened = try await services.threadPool.runIfActive { () throws -> MaildropOpening in
                guard let account = try services.authenticator.authenticate(login: user, password: password) else {
                    return .invalidCredentials
                }
                let lock: MaildropLock
                do {
                    lock = try MaildropLock.acquire(try services.mailbox(account), fileSystem: services.store.fileSystem)
                } catch let error as MailStoreError where error.code == .mailboxInUse {
                    return .inUse
                }
                do {
                    let folders = try services.folders(account)
                    do {
                        let snapshot = try folders.store.open(OpenMaildrop.folder)
                        return .opened(account.address.description, OpenMaildrop(
                            lock: lock, store: folders.store, hubKey: folders.hubKey, releaseStore: folders.release,
                            snapshot: snapshot))
                    } catch {
                        folders.release()
                        throw error
                    }
                } catch {
                    lock.release()
                    throw error
                }
            }
            switch opened {
            case .invalidCredentials:
                logger.notice("authentication failed", metadata: ["login": "\(user.escapedForLog)"])
                try? await Task.sleep(for: services.failedLoginDelay)
                return .invalidCredentials
            case .inUse:
                logger.info("maildrop in use", metadata: ["login": "\(user.escapedForLog)"])
                return .inUse
            case .opened(let address, let opened):
                maildrop = opened
                readAhead = MessageReadAhead(messages: opened.messages)
                logger.info("logged in", metadata: ["account": "\(address)", "messages": "\(opened.messages.count)"])
                let messages = opened.messages.compactMap {
                    MaildropListing.Message(id: String($0.uid), size: Int($0.size), uniqueID: opened.uniqueID(of: $0))
                }
                return .succeeded(maildrop: MaildropListing(messages: messages))
            }
        } catch {
            logger.error("cannot open the maildrop: \(error)", metadata: ["login": "\(user.escapedForLog)"])
            return .temporaryFailure
        }
    }

    private enum MaildropOpening: Sendable {
        case invalidCredentials
        case inUse
        case opened(String, OpenMaildrop)
    }

    // MARK: - Messages

    /// Writes `response` and the message `id` (TOP's part of it, RFC 1939 §7), dot-stuffed with its
    /// terminator; false, with nothing written, when the message cannot be read any more. A message up to
    /// ``MessageReadAhead/batchBytes`` is read whole, in a batch with those after it, and written in one
    /// buffer (one write per RETR); a larger one is streamed.
    private mutating func send(_ id: String, _ response: POP3Response, topLines: Int?,
                               _ writer: ConnectionWriter) async throws -> Bool {
        guard let message = maildrop?.byID[id] else { return false }
        if message.size > MessageReadAhead.batchBytes {
            return try await stream(message, response, topLines: topLines, writer)
        }
        guard let bytes = await readMessage(id) else { return false }
        let head = response.wireFormat
        var out = ByteBuffer()
        out.reserveCapacity(head.utf8.count + bytes.readableBytes + bytes.readableBytes / 32 + 8)
        out.writeString(head)
        var encoder = MessageResponseEncoder(topLines: topLines)
        encoder.encode(bytes, into: &out)
        encoder.finish(into: &out)
        try await writer.write(out)
        return true
    }

    /// The message's content (CRLF line ends); `nil` when it cannot be read any more. Read whole, on the
    /// thread pool, in a batch with the messages after it (``MessageReadAhead``).
    private mutating func readMessage(_ id: String) async -> ByteBuffer? {
        if let bytes = readAhead?.take(id) { return bytes }
        guard let store = maildrop?.store, let batch = readAhead?.batch(startingAt: id), !batch.isEmpty else {
            return nil
        }
        let results: [Result<ByteBuffer, FolderStoreError>]
        do {
            results = try await services.threadPool.runIfActive {
                batch.map { message in
                    Result { () throws(FolderStoreError) in ByteBuffer(bytes: try store.content(of: message, in: OpenMaildrop.folder)) }
                }
            }
        } catch {
            logger.error("cannot read a message: \(error)")
            return nil
        }
        // The others are only held when they could be read; a failure is reported when one is asked for.
        readAhead?.keep(zip(batch, results).dropFirst().compactMap { message, result in
            (try? result.get()).map { (id: String(message.uid), bytes: $0) }
        })
        do {
            return try results[0].get()
        } catch {
            logger.error("cannot read a message: \(error)")
            return nil
        }
    }

    /// Sends a large message a piece at a time: each piece (``MessageReadAhead/batchBytes`` as stored) is
    /// read on the thread pool and written before the next is read; the write waits while the client is
    /// behind, so memory stays bounded whatever the message's size. A failure on the first piece is
    /// reported as unavailable; a later one ends the connection, since part of the message is out.
    private func stream(_ message: IndexedMessage, _ response: POP3Response, topLines: Int?,
                        _ writer: ConnectionWriter) async throws -> Bool {
        guard let store = maildrop?.store else { return false }
        var position = ContentPosition()
        var encoder = MessageResponseEncoder(topLines: topLines)
        var out = ByteBuffer(string: response.wireFormat)
        var isFirstPiece = true
        repeat {
            let (piece, next): (ByteBuffer, ContentPosition)
            do {
                (piece, next) = try await services.threadPool.runIfActive { [position] in
                    var position = position
                    let piece = try store.content(of: message, in: OpenMaildrop.folder, continuing: &position,
                                                  storedBytes: Int(MessageReadAhead.batchBytes))
                    return (ByteBuffer(bytes: piece), position)
                }
            } catch where isFirstPiece {
                logger.error("cannot read a message: \(error)")
                return false
            }
            isFirstPiece = false
            position = next
            encoder.encode(piece, into: &out)
            if position.isAtEnd || encoder.isComplete {
                encoder.finish(into: &out)
            }
            try await writer.write(out)
            out = ByteBuffer()
        } while !position.isAtEnd && !encoder.isComplete
        return true
    }

    /// The UPDATE state: removes the messages marked deleted, in one step (RFC 1939 §6), and tells the
    /// account's IMAP sessions in IDLE, which then send EXPUNGE (RFC 2177 §3).
    private func expunge(_ ids: [String]) async -> POP3ServerMachine.UpdateOutcome {
        guard let maildrop else { return .failed }
        let uids = ids.compactMap { maildrop.byID[$0]?.uid }
        do {
            try await services.threadPool.runIfActive { try maildrop.store.expunge(uids, from: OpenMaildrop.folder) }
            logger.info("deleted \(uids.count) messages")
        } catch {
            logger.error("cannot delete messages: \(error)")
            return .failed
        }
        if !uids.isEmpty {
            services.hub.post(account: maildrop.hubKey, folder: OpenMaildrop.folder)
        }
        return .applied
    }
}
