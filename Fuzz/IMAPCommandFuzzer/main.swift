import FuzzSupport
import IMAPProtocol
import NIOCore

/// libFuzzer entry point for `IMAPCommandParser`: the client's side of an IMAP session (RFC 9051 §2.2,
/// §4.3, §6, §9; LITERAL+/LITERAL- RFC 7888; MULTIAPPEND RFC 3502; BINARY RFC 3516).
///
/// The input's first byte says how many control bytes follow; the rest is the payload, the bytes the
/// client sends (see `ControlledInput`). Pairs of control bytes choose where the payload is cut into
/// reads; an odd control byte left over picks the limits (`Options`). The payload is parsed the way the
/// session will drive the parser (IDLE and AUTHENTICATE switch its mode, some continuation requests are
/// refused), and then:
/// - fed whole or in those pieces, the parser yields the same parts: the network may cut reads anywhere;
/// - every command, written back by the command encoder, parses to the same command;
/// - every APPEND is `start (beginMessage messageBytes* endMessage)+ finish`, or stops at an error
///   with its tag, and each message yields exactly the octets it announced;
/// - every error's replies are single lines (a tagged or untagged BAD/NO, then `* BYE` when closing),
///   so client bytes can never forge a response; nothing follows a close;
/// - LOGIN credentials hold no control character; mailbox names decode without trapping, and a name
///   read as modified UTF-7 is written back to the same octets.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzIMAPCommands(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = ControlledInput(fuzzInput(data, size))
    let options = Options(input.control.count % 2 == 1 ? input.control.last ?? 0 : 0)
    let whole = parse([input.payload[...]], options)
    let pieces = parse(input.pieces, options)
    fuzzCheck(pieces == whole, "cut at \(input.cutPoints): \(pieces)\nwhole: \(whole)")
    checkAppendStructure(whole, options)
    for part in whole {
        switch part {
        case .command(let command): checkCommand(command, options)
        case .error(let error): checkError(error)
        case .append(.start(_, let mailbox)): checkMailbox(mailbox)
        default: break
        }
    }
    return 0
}

/// The parser's limits and the session's choices, from one control byte.
struct Options: CustomStringConvertible {
    var limits: IMAPLimits
    /// Refuse the continuation requests of APPEND messages (a missing mailbox).
    var refusesMessages: Bool

    init(_ byte: UInt8) {
        limits = byte & 1 == 0
            ? IMAPLimits(commandLength: 4096, literalSize: 1024, messageSize: 2048, discardableLiteralSize: 4096)
            : IMAPLimits(commandLength: 64, literalSize: 16, messageSize: 32, discardableLiteralSize: 48, searchDepth: 4)
        if byte & 2 != 0 { limits.nonSynchronizingLiteralSize = 8 }
        refusesMessages = byte & 4 != 0
    }

    var description: String { "\(limits), refusesMessages: \(refusesMessages)" }
}

/// The parts of `reads`, fed one after another, acted on as the session would; the octets of one
/// APPEND message are merged into one part.
func parse(_ reads: [ArraySlice<UInt8>], _ options: Options) -> [CommandStreamPart] {
    var parser = IMAPCommandParser(limits: options.limits)
    var parts: [CommandStreamPart] = []
    for read in reads {
        parser.append(ByteBuffer(bytes: read))
        while case .part(let part) = parser.next() {
            fuzzCheck(!parts.contains { $0.error?.closesConnection == true }, "a part after the close: \(part)")
            parts.append(part)
            act(on: part, &parser, options)
        }
    }
    return mergingMessageOctets(parts)
}

/// What the session does before asking for the next part: IDLE and AUTHENTICATE set the parser's mode;
/// message literals are refused when the options say so.
private func act(on part: CommandStreamPart, _ parser: inout IMAPCommandParser, _ options: Options) {
    switch part {
    case .command(let tagged):
        switch tagged.command {
        case .idle: parser.expectIdleDone()
        case .authenticate(_, nil): parser.expectAuthenticationResponse()
        default: break
        }
    case .continuationRequest(let announcement):
        if announcement.isMessage && options.refusesMessages { parser.refuseLiteral() }
    default:
        break
    }
}

/// Consecutive message octets joined, so that parts do not depend on how the reads were cut.
private func mergingMessageOctets(_ parts: [CommandStreamPart]) -> [CommandStreamPart] {
    parts.reduce(into: []) { merged, part in
        guard case .append(.messageBytes(let octets)) = part, case .append(.messageBytes(var joined))? = merged.last else {
            merged.append(part)
            return
        }
        joined.writeImmutableBuffer(octets)
        merged[merged.count - 1] = .append(.messageBytes(joined))
    }
}

runLibFuzzer(fuzzIMAPCommands)
