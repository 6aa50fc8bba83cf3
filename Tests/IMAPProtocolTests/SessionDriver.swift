import NIOCore

@testable import IMAPProtocol

/// A fake driver loop around `IMAPServerMachine`: client text goes through a real `IMAPCommandParser`,
/// every action is carried out against an in-memory account, and what the server would write is kept
/// as wire text. The parser's modes are set exactly where the actions say.
struct SessionDriver {
    typealias Machine = IMAPServerMachine

    var parser: IMAPCommandParser
    var machine: Machine
    /// Server output not yet taken.
    var wire = ""
    /// The greeting the connection opened with.
    var greeting = ""
    var closed = false
    /// STARTTLS ran.
    var tlsStarted = false
    var idling = false
    /// The account: this password logs in any user.
    var password = "secret"
    var logins: [(username: String, password: String)] = []
    /// Mailboxes that SELECT finds.
    var folders: [String: SelectedFolderStatus] = ["INBOX": SessionDriver.inbox]
    var selects: [Machine.SelectRequest] = []
    var requests: [Machine.CommandRequest] = []
    /// The APPENDs begun (tag, mailbox) and the parts handed over.
    var appendsBegun: [String] = []
    var appendSteps: [AppendPart] = []
    var appendAborted = false
    /// Mailboxes APPEND can open.
    var appendable: Set<String> = ["INBOX", "Drafts"]
    /// Updates from "other sessions", written at the next allowed point.
    var pending: [UntaggedResponse] = []
    /// The data responses and completion for a request (default: OK with no data).
    var handler: (Machine.CommandRequest) -> (data: [UntaggedResponse], completion: Machine.CommandCompletion) = { _ in
        ([], .ok())
    }

    static let inbox = SelectedFolderStatus(exists: 18, uidValidity: 3_857_529_045, uidNext: 4392, firstUnseen: 12)

    init(_ configuration: IMAPServerConfiguration = IMAPServerConfiguration(allowsPlaintextWithoutTLS: true)) {
        parser = IMAPCommandParser(limits: configuration.limits)
        machine = IMAPServerMachine(configuration: configuration)
        perform(machine.connectionOpened())
        greeting = take()
    }

    /// The wire text written since the last call.
    mutating func take() -> String {
        defer { wire = "" }
        return wire
    }

    /// Sends one client line (CRLF added) and returns what the server wrote in answer.
    @discardableResult
    mutating func send(_ line: String) -> String {
        feed(line + "\r\n")
    }

    /// Sends raw client bytes and returns what the server wrote.
    @discardableResult
    mutating func feed(_ text: String) -> String {
        feed(Array(text.utf8))
    }

    @discardableResult
    mutating func feed(_ bytes: [UInt8]) -> String {
        parser.append(ByteBuffer(bytes: bytes))
        while !closed, case .part(let part) = parser.next() {
            perform(machine.receive(part))
        }
        return take()
    }

    /// Updates another session caused: pushed at once during IDLE, else held for the next completion.
    mutating func deliver(_ updates: [UntaggedResponse]) {
        guard idling else {
            pending += updates
            return
        }
        perform(machine.idleUpdates(updates))
    }

    /// Logs in with LOGIN and drops the output.
    mutating func logIn() {
        send("L1 LOGIN fred secret")
        _ = take()
    }

    /// Logs in and selects INBOX, dropping the output.
    mutating func selectInbox(examine: Bool = false) {
        logIn()
        send("S1 \(examine ? "EXAMINE" : "SELECT") INBOX")
    }

    mutating func perform(_ action: Machine.Action) {
        parser.follow(action)
        write(action.responses)
        if action.closesConnection { closed = true }
        switch action {
        case .startTLS:
            tlsStarted = true
            perform(machine.tlsEstablished())
        case .authenticate(let username, let password):
            logins.append((username, password))
            perform(machine.loginFinished(password == self.password ? .succeeded : .invalidCredentials))
        case .select(let request):
            selects.append(request)
            let result = folders[request.mailbox].map(Machine.SelectResult.selected)
                ?? .failed(.nonExistent, "Mailbox does not exist")
            perform(machine.selectFinished(result))
        case .perform(let request):
            requests.append(request)
            let (data, completion) = handler(request)
            write(data.map(ServerResponse.untagged))
            var finished = completion
            finished.updates = takePending(expungesAllowed: request.expungesAllowed) + completion.updates
            perform(machine.commandFinished(finished))
        case .beginAppend(let tag, let mailbox):
            appendsBegun.append("\(tag) \(mailbox)")
            if !appendable.contains(mailbox) {
                perform(machine.appendRefused(.no(.tryCreate, "Mailbox does not exist")))
            }
        case .append(let step):
            appendSteps.append(step)
            if case .finish = step {
                let updates = takePending(expungesAllowed: true)
                perform(machine.commandFinished(.ok(.appendUID(uidValidity: 38_505, uids: UIDSet(3955)), updates: updates)))
            }
        case .abortAppend:
            appendAborted = true
        case .startIdling:
            idling = true
            if !pending.isEmpty {
                let updates = pending
                pending = []
                perform(machine.idleUpdates(updates))
            }
        case .stopIdling:
            idling = false
        case .nothing, .send, .sendAndClose, .close, .refuseLiteral, .challenge:
            break
        }
    }

    /// The pending updates that may go out now; held-back EXPUNGEs stay pending (RFC 9051 §7.4.1).
    private mutating func takePending(expungesAllowed: Bool) -> [UntaggedResponse] {
        guard machine.selectedMailbox != nil else { return [] }
        let isExpunge = { (update: UntaggedResponse) -> Bool in if case .expunge = update { true } else { false } }
        let out = expungesAllowed ? pending : pending.filter { !isExpunge($0) }
        pending = expungesAllowed ? [] : pending.filter(isExpunge)
        return out
    }

    private mutating func write(_ responses: [ServerResponse]) {
        for response in responses {
            var buffer = ByteBuffer()
            response.write(into: &buffer, options: machine.encodingOptions)
            wire += String(buffer: buffer)
        }
    }
}
