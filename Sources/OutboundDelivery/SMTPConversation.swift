import MailCore
import MailMessage
import NIOCore
import SMTPProtocol
import ServerKit

/// Runs an ``SMTPClientMachine`` over one connection, for one message and then, while the
/// connection stays open, for the next messages to the same destination (Postfix's connection
/// cache): it reads replies (each wait bounded by the machine's ``SMTPClientMachine/replyTimeout``,
/// each reply by the line limits of ``OutboundSettings``), carries out the machine's actions and
/// streams the messages. It only moves bytes; every decision is the machine's.
struct SMTPConversation {
    /// One message to send, and where its answer goes.
    struct Work: Sendable {
        let transaction: SMTPClientTransaction
        let message: SpooledMessageSource
        /// Called once: with one outcome per recipient, or with none when the connection failed
        /// before the server answered anything of this message (the sender tries another).
        let report: @Sendable (Result) -> Void
    }

    /// What came of one message.
    struct Result: Sendable {
        /// The server, as the log names it.
        var relay: String
        /// One per recipient, when the server answered the transaction (or it was refused before it started).
        var outcomes: [SMTPClientMachine.Outcome]?
        /// Why the connection ended, when it ended before this message was answered.
        var failure: SMTPClientMachine.ConnectionFailure?
        /// The TLS version, when the connection has TLS.
        var tlsVersion: String?
        /// The server announced DSN, so the recipients' DSN parameters went with the message.
        var dsnPassedOn = false
    }

    let connection: Connection
    /// The server, as the log names it: `mx.example.org[192.0.2.1]:25`.
    let relay: String
    var machine: SMTPClientMachine
    let maximumReplyLines: Int
    /// The message being sent, and whether its answer was reported.
    private var current: Work
    private var reported = false
    /// The server replied since ``current`` began: a connection that dies before is not the message's fault.
    private var answered = false
    private var tlsVersion: String?

    init(connection: Connection, relay: String, machine: SMTPClientMachine, first: Work, maximumReplyLines: Int) {
        self.connection = connection
        self.relay = relay
        self.machine = machine
        self.current = first
        self.maximumReplyLines = maximumReplyLines
    }

    /// Converses until no more work comes (`next` returns `nil`) and QUIT is answered, or the
    /// connection fails. Every work taken is reported.
    mutating func run(next: @Sendable () async -> Work?) async {
        var failure: SMTPClientMachine.ConnectionFailure?
        do {
            try await connection.withIO { reader, writer in
                failure = try await converse(&reader, writer, next: next)
            }
        } catch {
            // The connection dropped while closing: what was decided stands.
        }
        if !reported {
            current.report(Result(relay: relay, outcomes: nil, failure: failure, tlsVersion: tlsVersion))
        }
    }

    private mutating func converse(_ reader: inout ConnectionReader, _ writer: ConnectionWriter,
                                   next: @Sendable () async -> Work?) async throws -> SMTPClientMachine.ConnectionFailure? {
        var started = false
        var actions: [SMTPClientMachine.Action] = []
        while true {
            if actions.isEmpty {
                actions = await nextReply(&reader)
            }
            var following: [SMTPClientMachine.Action] = []
            let failing = actions.contains { if case .failed = $0 { true } else { false } }
            for action in actions {
                do {
                    switch action {
                    case .send(let text):
                        try await writer.write(text)
                    case .startTLS:
                        try await connection.startTLS()
                        try await reader.awaitTLS()
                        tlsVersion = await connection.tlsVersion()
                        following += machine.tlsEstablished()
                    case .sendMessage:
                        try await connection.setReadTimeout(nil)
                        var stuffer = DotStuffer()
                        // RFC 6152 §3: a server without 8BITMIME gets 8-bit bodies as quoted-printable;
                        // a message without 8-bit octets goes as it is (the downgrade would encode a
                        // 7-bit body past EightBitDowngrade.maximumHeldBytes).
                        var downgrade: EightBitDowngrade?
                        if !machine.extensions.eightBitMIME, try await current.message.containsEightBitOctet() {
                            downgrade = EightBitDowngrade()
                        }
                        try await current.message.forEachChunk { chunk in
                            var sent = chunk
                            if var converter = downgrade {
                                sent = ByteBuffer(bytes: converter.convert(chunk.readableBytesView))
                                downgrade = converter
                            }
                            try await writer.write(stuffer.stuff(sent))
                        }
                        if let rest = downgrade?.finish(), !rest.isEmpty { try await writer.write(stuffer.stuff(ByteBuffer(bytes: rest))) }
                        try await writer.write(stuffer.finish())
                        following += machine.messageSent()
                    case .sendChunk:
                        try await connection.setReadTimeout(nil)
                        try await current.message.forEachChunk { chunk in try await writer.write(chunk) }
                        following += machine.messageSent()
                    case .finished(let outcomes):
                        // A connection lost before the server said anything of this message (a cached
                        // connection the server closed while idle) leaves it to another connection.
                        if answered || !failing {
                            reported = true
                            current.report(Result(relay: relay, outcomes: outcomes, tlsVersion: tlsVersion,
                                                  dsnPassedOn: machine.extensions.deliveryStatusNotification))
                        }
                    case .ready:
                        if !started {
                            started = true
                        } else if reported, let work = await next() {
                            current = work
                            reported = false
                        } else {
                            following += machine.quit()
                            continue
                        }
                        answered = false
                        following += machine.begin(current.transaction)
                    case .failed(let failure):
                        return failure
                    case .close:
                        return nil
                    }
                } catch {
                    following = error is SpoolReadError ? machine.connectionLost() : failed(by: error)
                    break
                }
            }
            actions = following
        }
    }

    /// The machine's answer to the next complete reply, or to why none came.
    private mutating func nextReply(_ reader: inout ConnectionReader) async -> [SMTPClientMachine.Action] {
        var parser = SMTPReplyParser()
        do {
            try await connection.setReadTimeout(machine.replyTimeout)
            while true {
                guard let frame = try await reader.nextLine() else { return machine.connectionLost() }
                guard case .line(let line) = frame, parser.pendingLineCount < maximumReplyLines else {
                    return machine.malformedReply()
                }
                do {
                    if let reply = try parser.parse(line) {
                        answered = true
                        return machine.receive(reply)
                    }
                } catch {
                    return machine.malformedReply()
                }
            }
        } catch {
            return failed(by: error)
        }
    }

    private mutating func failed(by error: any Error) -> [SMTPClientMachine.Action] {
        let timedOut = [ServerKitError.idleTimeout, .writeTimeout].contains(error as? ServerKitError)
        return timedOut ? machine.timedOut() : machine.connectionLost()
    }
}
