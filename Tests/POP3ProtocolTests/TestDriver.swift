import NIOCore

@testable import POP3Protocol

/// Drives a `POP3ServerMachine` the way the NIO driver will, recording what it would write.
struct TestDriver {
    var machine: POP3ServerMachine
    /// Everything written to the client since the last `take()`, as wire text.
    var wire = ""
    /// Every action the machine returned, in order.
    var actions: [POP3ServerMachine.Action] = []
    var closed = false
    var greeting = ""
    /// The maildrop: message id → stored text.
    var store: [String: String]
    /// What `verifyLogin` answers: the password "secret" opens the maildrop.
    var login: (String, String) -> POP3ServerMachine.LoginResult
    /// Ids the driver removed in the UPDATE state.
    var removed: [String] = []
    var updateOutcome = POP3ServerMachine.UpdateOutcome.applied
    /// Chunk size used to stream messages.
    var chunkSize = 7

    init(_ configuration: POP3ServerConfiguration = POP3ServerConfiguration(allowsPlaintextWithoutTLS: true),
         messages: [(id: String, uidl: String, text: String)] = TestDriver.rfcMaildrop) {
        machine = POP3ServerMachine(configuration: configuration)
        store = Dictionary(uniqueKeysWithValues: messages.map { ($0.id, $0.text) })
        let listing = MaildropListing(messages: messages.map {
            MaildropListing.Message(id: $0.id, size: TestDriver.crlfSize($0.text), uniqueID: $0.uidl)!
        })
        login = { _, password in password == "secret" ? .succeeded(maildrop: listing) : .invalidCredentials }
        perform(machine.connectionOpened())
        greeting = take()
    }

    static let rfcMaildrop: [(id: String, uidl: String, text: String)] = [
        ("m1", "whqtswO00WBw418f9t5JxYwZ", "Subject: one\n\nHello\n.dot line\nbye\n"),
        ("m2", "QhdPYR:00WBw1Ph7x7", "Subject: two\r\nX: y\r\n\r\nline 1\r\nline 2\r\nline 3\r\n"),
    ]

    /// The size with CRLF line ends, as the store counts it.
    static func crlfSize(_ text: String) -> Int {
        var size = 0
        var lastCR = false
        for byte in text.utf8 {
            size += byte == 10 && !lastCR ? 2 : 1
            lastCR = byte == 13
        }
        return size
    }

    /// The wire text written since the last call.
    mutating func take() -> String {
        defer { wire = "" }
        return wire
    }

    /// Sends one command line and returns what it produced on the wire.
    @discardableResult
    mutating func send(_ line: String) -> String {
        perform(machine.commandLine(ByteBuffer(string: line)))
        return take()
    }

    /// Logs in with USER/PASS.
    mutating func logIn(_ user: String = "mrose", _ password: String = "secret") {
        send("USER \(user)")
        send("PASS \(password)")
    }

    mutating func perform(_ action: POP3ServerMachine.Action) {
        actions.append(action)
        switch action {
        case .nothing: break
        case .send(let response): wire += response.wireFormat
        case .sendAndClose(let response):
            wire += response.wireFormat
            closed = true
        case .close: closed = true
        case .startTLS(let response): wire += response.wireFormat
        case .startAuthentication, .continueAuthentication: break
        case .cancelAuthentication(let response): wire += response.wireFormat
        case .verifyLogin(let user, let password):
            perform(machine.loginFinished(login(user, password)))
        case .sendMessage(let response, let id, let topLines):
            guard let text = store[id] else {
                perform(machine.messageUnavailable())
                return
            }
            wire += response.wireFormat
            wire += Self.stream(text, topLines: topLines, chunkSize: chunkSize)
            perform(machine.messageSent())
        case .applyDeletions(let ids):
            if updateOutcome == .applied { removed += ids }
            perform(machine.updateFinished(updateOutcome))
        }
    }

    /// Streams a message as the driver does: through a MessageResponseEncoder, in chunks.
    static func stream(_ text: String, topLines: Int?, chunkSize: Int) -> String {
        let bytes = Array(text.utf8)
        var encoder = MessageResponseEncoder(topLines: topLines)
        var out = ByteBuffer()
        var start = 0
        while start < bytes.count, !encoder.isComplete {
            let end = min(start + chunkSize, bytes.count)
            encoder.encode(ByteBuffer(bytes: bytes[start..<end]), into: &out)
            start = end
        }
        encoder.finish(into: &out)
        return String(buffer: out)
    }
}

extension POP3ServerMachine.Action {
    var appliesDeletions: Bool {
        if case .applyDeletions = self { return true }
        return false
    }
}
