import MailCore
import NIOCore
import NIOPosix
import ServerKit

/// A scripted SMTP server on a loopback address: it greets, answers each command line with what `respond`
/// returns, reads a message after it answers DATA with 354, and records every session. Hostile
/// answers (garbage, a reply without end, silence, a dropped connection) are scripted the same way.
final class FakeSMTPServer: Sendable {
    /// What the server does with one command line (or, for `.`, the end of a message).
    enum Answer: Sendable {
        /// Write these bytes (one or more reply lines, CRLF included, or garbage).
        case reply(String)
        /// Close the connection without a word.
        case hangUp
        /// Write these bytes, then close the connection (a server ending an idle session).
        case replyAndHangUp(String)
        /// Say nothing and wait.
        case silence
    }

    /// One connection as the server saw it.
    struct Session: Sendable {
        var commands: [String] = []
        /// The messages received, dot-stuffing undone, final dot removed.
        var messages: [String] = []
    }

    let port: Int
    private let channel: any Channel
    private let sessions = ParkingMutex<[Int: Session]>([:])

    /// Listens on an ephemeral port. `greeting` is the first thing written (CRLF added).
    static func start(host: String = "127.0.0.1", port: Int = 0, greeting: String = "220 fake.example ESMTP",
                      respond: @escaping @Sendable (String) -> Answer) async throws -> FakeSMTPServer {
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: host, port: port) { child in
                child.eventLoop.makeCompletedFuture { try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: child) }
            }
        let fake = FakeSMTPServer(port: server.channel.localAddress!.port!, channel: server.channel)
        Task {
            try await server.executeThenClose { inbound in
                var number = 0
                for try await child in inbound {
                    number += 1
                    let session = number
                    Task { await fake.serve(child, session: session, greeting: greeting, respond: respond) }
                }
            }
        }
        return fake
    }

    private init(port: Int, channel: any Channel) {
        self.port = port
        self.channel = channel
    }

    /// Every session so far, in the order they connected.
    var recorded: [Session] { sessions.withLock { $0.sorted { $0.key < $1.key }.map(\.value) } }

    func stop() async {
        try? await channel.close()
    }

    private func serve(_ child: NIOAsyncChannel<ByteBuffer, ByteBuffer>, session: Int, greeting: String,
                       respond: @Sendable (String) -> Answer) async {
        sessions.withLock { $0[session] = Session() }
        try? await child.executeThenClose { inbound, outbound in
            try await outbound.write(ByteBuffer(string: greeting + "\r\n"))
            var framer = LineFramer(maximumLineLength: 100_000)
            var message: [String]?
            for try await bytes in inbound {
                framer.append(bytes)
                while let frame = framer.next() {
                    guard case .line(let buffer) = frame else { continue }
                    let line = String(buffer: buffer)
                    if var lines = message {
                        guard line == "." else {
                            lines.append(line.hasPrefix(".") ? String(line.dropFirst()) : line)
                            message = lines
                            continue
                        }
                        message = nil
                        sessions.withLock { $0[session]!.messages.append(lines.joined(separator: "\r\n")) }
                    } else {
                        sessions.withLock { $0[session]!.commands.append(line) }
                    }
                    switch respond(line) {
                    case .reply(let text):
                        try await outbound.write(ByteBuffer(string: text))
                        if line.uppercased() == "DATA", text.hasPrefix("354") { message = [] }
                    case .hangUp:
                        return
                    case .replyAndHangUp(let text):
                        try await outbound.write(ByteBuffer(string: text))
                        return
                    case .silence:
                        continue
                    }
                }
            }
        }
    }

    /// Postfix-like answers: PIPELINING, SIZE, 8BITMIME and DSN offered, everything accepted.
    static func standard(_ line: String) -> Answer {
        switch line.uppercased().prefix(4) {
        case "EHLO": .reply("250-fake.example\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n250-8BITMIME\r\n250-DSN\r\n250 ENHANCEDSTATUSCODES\r\n")
        case "MAIL": .reply("250 2.1.0 Ok\r\n")
        case "RCPT": .reply("250 2.1.5 Ok\r\n")
        case "DATA": .reply("354 End data with <CR><LF>.<CR><LF>\r\n")
        case ".": .reply("250 2.0.0 Ok: queued as FAKE1\r\n")
        case "QUIT": .reply("221 2.0.0 Bye\r\n")
        default: .reply("502 5.5.2 Error: command not recognized\r\n")
        }
    }
}
