import FuzzSupport
import IMAPProtocol
import NIOCore

/// libFuzzer entry point for `IMAPServerMachine` behind `IMAPCommandParser`: a whole session (RFC 9051
/// §3, §6) from the client's bytes, with a driver whose answers (login, SELECT, command outcomes,
/// updates from other sessions) the control bytes choose.
///
/// The input's first byte says how many control bytes follow; the rest is what the client sends, in
/// one read. The first control byte picks the configuration (TLS, STARTTLS, plaintext logins, small
/// limits); the others, taken in turn, each driver answer. Checked:
/// - nothing traps: no peer input reaches `illegalTransition`, and the machine's own check that no
///   EXPUNGE goes out during FETCH, STORE or SEARCH (RFC 9051 §7.4.1) holds for a driver that obeys
///   `expungesAllowed`;
/// - every line written is an untagged response, a continuation request, or `tag OK/NO/BAD`: client
///   bytes never forge or cut a response;
/// - nothing is written after the machine closes; no more BADs than the limit allows;
/// - no work is asked for (select, mailbox commands, APPEND) before a successful login, and no
///   credentials are checked when plaintext logins are refused.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzIMAPSession(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = ControlledInput(fuzzInput(data, size))
    var driver = Driver(choices: input.control)
    driver.run(input.payload)
    driver.checkOutput()
    return 0
}

struct Driver {
    var parser: IMAPCommandParser
    var machine: IMAPServerMachine
    let configuration: IMAPServerConfiguration
    var choices: [UInt8]
    var next = 1
    var output = ""
    var closed = false
    var idling = false
    var pending: [UntaggedResponse] = []

    init(choices: [UInt8]) {
        self.choices = choices.isEmpty ? [0] : choices
        let byte = self.choices[0]
        let limits = byte & 1 == 0
            ? IMAPLimits()
            : IMAPLimits(commandLength: 64, literalSize: 16, messageSize: 32, discardableLiteralSize: 48, searchDepth: 4)
        configuration = IMAPServerConfiguration(
            offersSTARTTLS: byte & 2 != 0, tlsActive: byte & 4 != 0, allowsPlaintextWithoutTLS: byte & 8 != 0,
            limits: limits, badCommandLimit: byte & 16 != 0 ? 3 : 10,
            additionalCapabilities: byte & 32 != 0 ? ["CONDSTORE", "UTF8=ACCEPT"] : [])
        parser = IMAPCommandParser(limits: limits)
        machine = IMAPServerMachine(configuration: configuration)
    }

    /// The next choice byte, cycling.
    mutating func choice() -> UInt8 {
        defer { next += 1 }
        return choices[next % choices.count]
    }

    mutating func run(_ payload: [UInt8]) {
        perform(machine.connectionOpened())
        parser.append(ByteBuffer(bytes: payload))
        while !closed, case .part(let part) = parser.next() {
            perform(machine.receive(part))
            if !closed, choice() & 0x70 == 0x70 { deliver() }
        }
        if !closed { perform(choice() & 1 == 0 ? machine.timedOut() : machine.shuttingDown()) }
        fuzzCheck(closed && machine.isClosed, "the session did not end")
    }

    /// Another session's changes: pushed during IDLE, else held for the next completion.
    mutating func deliver() {
        let updates: [UntaggedResponse] = [.exists(UInt32(choice())), .expunge(UInt32(choice()) + 1),
                                           .fetch(1, [.flags([.seen])])]
        if idling { perform(machine.idleUpdates(updates)) } else { pending += updates }
    }

    mutating func perform(_ action: IMAPServerMachine.Action) {
        fuzzCheck(!closed, "an action after the close: \(action)")
        switch action {
        case .select, .perform, .beginAppend:
            fuzzCheck(machine.isAuthenticated, "work before login: \(action)")
        case .authenticate:
            fuzzCheck(configuration.tlsActive || configuration.allowsPlaintextWithoutTLS || machine.capabilities.contains("AUTH=PLAIN"),
                      "credentials checked with plaintext logins refused")
        default: break
        }
        parser.follow(action)
        write(action.responses)
        if action.closesConnection { closed = true }
        switch action {
        case .startTLS:
            perform(machine.tlsEstablished())
            fuzzCheck(!machine.isAuthenticated, "authenticated after STARTTLS")
        case .authenticate:
            let results: [IMAPServerMachine.LoginResult] = [.succeeded, .invalidCredentials, .authorizationFailed, .temporaryFailure]
            perform(machine.loginFinished(results[Int(choice() % 4)]))
        case .select(let request):
            let byte = choice()
            let status = SelectedFolderStatus(exists: UInt32(byte), uidValidity: 7, uidNext: 9,
                                              highestModSequence: byte & 1 == 0 ? 5 : nil,
                                              firstUnseen: byte & 2 == 0 ? 1 : nil, forcedReadOnly: byte & 4 != 0)
            perform(machine.selectFinished(byte & 8 == 0 ? .selected(status) : .failed(.nonExistent, request.mailbox)))
        case .perform(let request):
            var updates = pending
            if !request.expungesAllowed { updates.removeAll { if case .expunge = $0 { true } else { false } } }
            pending.removeAll { update in updates.contains(update) }
            let statuses: [ResponseStatus] = [.ok, .ok, .no, .bad]
            perform(machine.commandFinished(IMAPServerMachine.CommandCompletion(status: statuses[Int(choice() % 4)], updates: updates)))
        case .beginAppend:
            if choice() & 0x0F == 0 { perform(machine.appendRefused(.no(.tryCreate, "No such mailbox"))) }
        case .startIdling: idling = true
        case .stopIdling: idling = false
        default: break
        }
        if case .append(.finish) = action { perform(machine.commandFinished(.ok())) }
    }

    mutating func write(_ responses: [ServerResponse]) {
        for response in responses {
            var buffer = ByteBuffer()
            response.write(into: &buffer, options: machine.encodingOptions)
            output += String(buffer: buffer)
        }
    }

    func checkOutput() {
        let lines = output.split(separator: "\r\n", omittingEmptySubsequences: false)
        fuzzCheck(lines.last == "", "output does not end in CRLF: \(output)")
        var bad = 0
        for line in lines.dropLast() where !line.hasPrefix("* ") && !line.hasPrefix("+ ") {
            let words = line.split(separator: " ", maxSplits: 2)
            fuzzCheck(words.count >= 2 && ["OK", "NO", "BAD"].contains(words[1]), "a forged or cut line: \(line)")
            if words.count >= 2, words[1] == "BAD" { bad += 1 }
        }
        for line in lines where line.hasPrefix("* BAD") { bad += 1 }
        // A command inside IDLE or AUTHENTICATE ends it with a second BAD; otherwise one per error.
        fuzzCheck(bad <= 2 * configuration.badCommandLimit, "\(bad) BADs with a limit of \(configuration.badCommandLimit)")
    }
}

runLibFuzzer(fuzzIMAPSession)
