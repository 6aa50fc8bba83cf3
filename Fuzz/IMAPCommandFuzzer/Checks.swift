import FuzzSupport
import IMAPProtocol
import NIOCore

extension CommandStreamPart {
    var error: IMAPCommandError? {
        if case .error(let error) = self { error } else { nil }
    }
}

/// A command written back by the encoder parses to itself, its credentials hold no control character,
/// and its mailbox names decode without trapping.
func checkCommand(_ command: TaggedCommand, _ options: Options) {
    var wire = ByteBuffer()
    command.write(into: &wire)
    var parser = IMAPCommandParser(limits: IMAPLimits(commandLength: 1 << 20, literalSize: 1 << 20,
                                                      searchDepth: options.limits.searchDepth))
    parser.append(wire)
    var parts: [CommandStreamPart] = []
    while case .part(let part) = parser.next() { parts.append(part) }
    fuzzCheck(parts == [.command(command)], "\(String(buffer: wire).debugDescription) parses to \(parts), not \(command)")
    switch command.command {
    case .login(let user, let password):
        fuzzCheck(!(user + password).unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }, "control in \(command)")
    case .select(let name, _), .examine(let name, _), .create(let name, _), .delete(let name), .subscribe(let name),
         .unsubscribe(let name), .status(let name, _), .copy(_, let name, _), .move(_, let name, _):
        checkMailbox(name)
    case .rename(let from, let to):
        checkMailbox(from)
        checkMailbox(to)
    case .list(let list):
        (list.patterns + [list.reference]).forEach(checkMailbox)
    case .lsub(let reference, let pattern):
        checkMailbox(reference)
        checkMailbox(pattern)
    default:
        break
    }
}

/// Both decodings run; an ASCII name read as modified UTF-7 is written back to the same octets (RFC 3501
/// §5.1.3: one spelling per name).
func checkMailbox(_ name: MailboxName) {
    _ = try? name.decoded(utf8Names: true)
    guard let text = try? name.decoded(utf8Names: false), !name.bytes.contains(where: { $0 >= 0x80 }) else { return }
    fuzzCheck(MailboxName.encoding(text, utf8Names: false) == name, "\(name) decodes to \(text.debugDescription), encodes back differently")
}

/// An error's replies are whole single lines: the tagged (or untagged) NO/BAD, and `* BYE` when the
/// connection closes.
func checkError(_ error: IMAPCommandError) {
    let responses = error.responses
    fuzzCheck(responses.count == (error.closesConnection ? 2 : 1), "replies of \(error): \(responses)")
    for (index, response) in responses.enumerated() {
        var buffer = ByteBuffer()
        response.write(into: &buffer, options: ResponseEncodingOptions())
        let text = String(buffer: buffer)
        let bytes = Array(buffer.readableBytesView)
        fuzzCheck(bytes.suffix(2) == [13, 10] && bytes.filter({ $0 == 13 || $0 == 10 }).count == 2,
                  "reply is not one line: \(text.debugDescription)")
        let expected = index == 1 ? "* BYE " : (error.tag.map { $0 + " " } ?? "* ") + error.status.rawValue + " "
        fuzzCheck(text.hasPrefix(expected), "reply \(text.debugDescription) does not start with \(expected)")
    }
}

/// The parts of APPENDs follow `start (beginMessage messageBytes? endMessage)+ finish`, or stop at an
/// error with the APPEND's tag, or at a refused continuation request; each message yields the octets
/// it announced; nothing else comes between.
func checkAppendStructure(_ parts: [CommandStreamPart], _ options: Options) {
    enum State {
        case outside
        case started(String)
        case message(String, remaining: Int, announced: Int)
        case between(String)
    }
    var state = State.outside
    for part in parts {
        switch (state, part) {
        case (.outside, .append(.start(let tag, _))):
            state = .started(tag)
        case (.started(let tag), .append(.beginMessage(let message))), (.between(let tag), .append(.beginMessage(let message))):
            state = .message(tag, remaining: message.size, announced: message.size)
        case (.message(let tag, let remaining, let announced), .continuationRequest(let request)):
            fuzzCheck(request.isMessage && request.tag == tag && request.size == announced && remaining == announced,
                      "continuation request \(request) inside a message")
            if options.refusesMessages { state = .outside }
        case (.message(let tag, let remaining, let announced), .append(.messageBytes(let bytes))):
            // All the octets that arrived, merged: the whole rest of the message unless the input ended.
            fuzzCheck(bytes.readableBytes <= remaining, "message of \(announced) octets got \(bytes.readableBytes) of \(remaining)")
            state = .message(tag, remaining: remaining - bytes.readableBytes, announced: announced)
        case (.message(let tag, let remaining, _), .append(.endMessage)):
            fuzzCheck(remaining == 0, "message ended with \(remaining) octets owed")
            state = .between(tag)
        case (.between, .append(.finish)):
            state = .outside
        case (.between(let tag), .error(let error)), (.started(let tag), .error(let error)):
            fuzzCheck(error.tag == tag, "APPEND \(tag) ended by \(error)")
            state = .outside
        case (.outside, .append(let append)):
            fuzzCheck(false, "\(append) outside an APPEND")
        case (.outside, _):
            break
        default:
            fuzzCheck(false, "\(part) inside an APPEND (\(state))")
        }
    }
}
