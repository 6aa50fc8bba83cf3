import LocalSubmission
import MailCore
import NIOCore
import NIOPosix
import SMTPProtocol
import ServerKit

/// `mailroom sendmail` run by a user who cannot write the queue: hands the message to the running
/// server over its `public/sendmail` socket in the local submission protocol
/// (``LocalSubmission/LocalSubmissionCommand``), streaming the body dot-stuffed after `354`, and turns
/// the server's replies into sendmail's exit statuses. The server decides the sender from the uid the
/// kernel gives it; `-f` is only a request.
struct SendmailClient {
    /// `$data_directory/public/sendmail`.
    let socketPath: String

    /// Sends the envelope, then `first` and the rest of `message`; returns once the server has the
    /// message on disk (its `250`).
    func submit(_ first: [UInt8], then message: inout SendmailInput, sender: String?,
                recipients: [String]) async throws(Sendmail.Failure) {
        let envelope = (sender.map { [LocalSubmissionCommand.sender($0)] } ?? []) + recipients.map { .recipient($0) }
        for command in envelope where (try? LocalSubmissionCommand(parsing: command.line.utf8.dropLast(2))) != command {
            throw .usage("bad address: \(command.line.dropLast(2))")
        }
        let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>
        do {
            channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connect(unixDomainSocketPath: socketPath) { channel in
                    channel.eventLoop.makeCompletedFuture { try NIOAsyncChannel(wrappingChannelSynchronously: channel) }
                }
        } catch {
            throw .temporary("cannot reach the mail server at \(socketPath) (\(AppError.reason(error))); the message was not sent")
        }
        do {
            try await channel.executeThenClose { inbound, outbound in
                var replies = ReplyReader(iterator: inbound.makeAsyncIterator())
                // The commands are pipelined; every one gets a reply, and a refusal ends the connection.
                try await outbound.write(ByteBuffer(string: (envelope + [.data]).map(\.line).joined()))
                for command in envelope + [.data] {
                    try Self.check(try await replies.next(), after: command)
                }
                var stuffer = DotStuffer()
                try await outbound.write(stuffer.stuff(ByteBuffer(bytes: first)))
                while let bytes = message.next() {
                    try await outbound.write(stuffer.stuff(ByteBuffer(bytes: bytes)))
                }
                try await outbound.write(stuffer.finish())
                try Self.check(try await replies.next(), after: nil)
            }
        } catch let failure as Sendmail.Failure {
            throw failure
        } catch {
            throw .temporary("lost the connection to the mail server (\(AppError.reason(error))); the message was not sent")
        }
    }

    /// A refusal as sendmail's exit status: 75 for 4yz; for 5yz, 77 (EX_NOPERM) for the sender, 67
    /// (EX_NOUSER) for a recipient, as when sendmail routes itself, else 69 (EX_UNAVAILABLE).
    private static func check(_ reply: SMTPReply, after command: LocalSubmissionCommand?) throws(Sendmail.Failure) {
        let expected: ReplyCode = command == .data ? .startMailInput : .ok
        guard reply.code != expected else { return }
        let status: Int32 = switch (reply.code.kind == 5, command) {
        case (false, _): 75
        case (true, .sender?): 77
        case (true, .recipient?): 67
        case (true, _): 69
        }
        throw Sendmail.Failure(description: "sendmail: \(reply.text)", exitStatus: status)
    }
}

/// Reads the server's replies (RFC 5321 §4.2) from the socket.
private struct ReplyReader {
    var iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    /// RFC 5321 §4.5.3.1.5: a reply line is at most 512 octets.
    private var framer = LineFramer(maximumLineLength: 512)
    private var parser = SMTPReplyParser()

    init(iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator) {
        self.iterator = iterator
    }

    /// The next complete reply; throws when the server closes the connection or sends junk.
    mutating func next() async throws -> SMTPReply {
        while true {
            switch framer.next() {
            case .line(let line)?:
                if let reply = try parser.parse(line) { return reply }
            case .lineTooLong?:
                throw AppError("the mail server sent an over-long reply")
            case nil:
                guard let bytes = try await iterator.next() else { throw AppError("the mail server closed the connection") }
                framer.append(bytes)
            }
        }
    }
}
