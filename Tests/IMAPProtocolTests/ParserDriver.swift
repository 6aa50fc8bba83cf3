import NIOCore

@testable import IMAPProtocol

/// Feeds an `IMAPCommandParser` the way the session will: reads of a chosen size, every part acted on
/// before the next is asked for. IDLE puts the parser in its DONE mode and AUTHENTICATE without an
/// initial response in its response mode, as the machine will; continuation requests are answered
/// (recorded, never refused) unless `refuse` says otherwise. Message bytes of one APPEND message are
/// merged into one part, so results do not depend on how the input was cut.
struct ParserDriver {
    var parser: IMAPCommandParser
    /// Refuse the continuation request of this announcement (the machine's NO before `+`).
    var refuse: (LiteralAnnouncement) -> Bool = { _ in false }

    init(limits: IMAPLimits = IMAPLimits()) {
        parser = IMAPCommandParser(limits: limits)
    }

    /// Every part `input` yields, read `chunkSize` bytes at a time (all at once when nil).
    mutating func parts(_ input: [UInt8], chunkSize: Int? = nil) -> [CommandStreamPart] {
        var parts: [CommandStreamPart] = []
        var offset = 0
        repeat {
            let end = min(input.count, offset + (chunkSize ?? input.count))
            parser.append(ByteBuffer(bytes: input[offset..<end]))
            offset = end
            drain(into: &parts)
        } while offset < input.count
        return parts
    }

    mutating func parts(_ input: String, chunkSize: Int? = nil) -> [CommandStreamPart] {
        parts(Array(input.utf8), chunkSize: chunkSize)
    }

    private mutating func drain(into parts: inout [CommandStreamPart]) {
        while case .part(let part) = parser.next() {
            switch part {
            case .command(let tagged) where tagged.command == .idle:
                parser.expectIdleDone()
            case .command(let tagged):
                if case .authenticate(_, nil) = tagged.command { parser.expectAuthenticationResponse() }
            case .continuationRequest(let announcement) where refuse(announcement):
                parser.refuseLiteral()
            case .append(.messageBytes(let bytes)):
                if case .append(.messageBytes(var merged))? = parts.last {
                    merged.writeImmutableBuffer(bytes)
                    parts[parts.count - 1] = .append(.messageBytes(merged))
                    continue
                }
            default:
                break
            }
            parts.append(part)
        }
    }

    /// The parts of `input` read whole and read byte by byte; the test checks they agree.
    static func wholeAndByteByByte(_ input: String, limits: IMAPLimits = IMAPLimits())
        -> (whole: [CommandStreamPart], bytewise: [CommandStreamPart])
    {
        var whole = ParserDriver(limits: limits)
        var bytewise = ParserDriver(limits: limits)
        return (whole.parts(input), bytewise.parts(input, chunkSize: 1))
    }
}

/// The one command `line` (CRLF added) parses to, or the error.
func parseOne(_ line: String, limits: IMAPLimits = IMAPLimits()) -> CommandStreamPart? {
    var driver = ParserDriver(limits: limits)
    let parts = driver.parts(line + "\r\n")
    return parts.count == 1 ? parts[0] : nil
}

/// The command written by the encoder and parsed again.
func reparsed(_ command: TaggedCommand) -> [CommandStreamPart] {
    var driver = ParserDriver()
    return driver.parts(wire(command))
}

/// The wire form of a command, as the encoder writes it.
func wire(_ command: TaggedCommand) -> String {
    var buffer = ByteBuffer()
    command.write(into: &buffer)
    return String(buffer: buffer)
}

/// The wire form of a response.
func wire(_ response: ServerResponse, _ options: ResponseEncodingOptions = ResponseEncodingOptions()) -> String {
    var buffer = ByteBuffer()
    response.write(into: &buffer, options: options)
    return String(buffer: buffer)
}

extension CommandStreamPart {
    /// The error, when this is one.
    var error: IMAPCommandError? {
        if case .error(let error) = self { error } else { nil }
    }
}
