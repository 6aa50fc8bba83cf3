import Testing

@testable import IMAPProtocol

/// Every command in every state (RFC 9051 §3, §6): valid ones are carried out, the rest get `BAD` with
/// the state's wording.
@Suite("IMAPServerMachine command validity")
struct ServerStateTableTests {
    enum SessionState: String, CaseIterable, CustomStringConvertible {
        case notAuthenticated, authenticated, selected
        var description: String { rawValue }
    }

    /// RFC 9051 §6.1 (any state), §6.2 (not authenticated), §6.3 (authenticated: also valid when
    /// selected), §6.4 (selected); ENABLE only before SELECT (RFC 5161 §3.1); IDLE per RFC 2177 §3.
    static let table: [(line: String, validity: IMAPCommandValidity)] = [
        ("CAPABILITY", .anyState), ("NOOP", .anyState), ("LOGOUT", .anyState), ("ID NIL", .anyState),
        ("STARTTLS", .notAuthenticated), ("AUTHENTICATE PLAIN", .notAuthenticated),
        ("LOGIN fred secret", .notAuthenticated),
        ("ENABLE IMAP4rev2", .authenticatedOnly),
        ("SELECT INBOX", .authenticated), ("EXAMINE INBOX", .authenticated), ("CREATE Box", .authenticated),
        ("DELETE Box", .authenticated), ("RENAME Box Other", .authenticated), ("SUBSCRIBE Box", .authenticated),
        ("UNSUBSCRIBE Box", .authenticated), ("LIST \"\" *", .authenticated), ("LSUB \"\" *", .authenticated),
        ("NAMESPACE", .authenticated), ("STATUS INBOX (MESSAGES)", .authenticated),
        ("APPEND Box {1+}\r\nx", .authenticated), ("IDLE", .authenticated),
        ("CHECK", .selected), ("CLOSE", .selected), ("UNSELECT", .selected), ("EXPUNGE", .selected),
        ("UID EXPUNGE 1", .selected), ("SEARCH ALL", .selected), ("UID SEARCH ALL", .selected),
        ("FETCH 1 FLAGS", .selected), ("UID FETCH 1 FLAGS", .selected), ("STORE 1 +FLAGS \\Seen", .selected),
        ("UID STORE 1 -FLAGS \\Seen", .selected), ("COPY 1 Box", .selected), ("UID COPY 1 Box", .selected),
        ("MOVE 1 Box", .selected), ("UID MOVE 1 Box", .selected),
    ]

    static func refusal(_ validity: IMAPCommandValidity, in state: SessionState) -> String? {
        switch (validity, state) {
        case (.anyState, _), (.notAuthenticated, .notAuthenticated), (.authenticatedOnly, .authenticated),
             (.authenticated, .authenticated), (.authenticated, .selected), (.selected, .selected):
            nil
        case (.notAuthenticated, _): "Already authenticated"
        case (_, .notAuthenticated): "Command not valid before login"
        case (.authenticatedOnly, _): "ENABLE is valid only before a mailbox is selected"
        case (.selected, _): "No mailbox selected"
        }
    }

    static func driver(in state: SessionState) -> SessionDriver {
        var d = SessionDriver(IMAPServerConfiguration(offersSTARTTLS: true, allowsPlaintextWithoutTLS: true))
        switch state {
        case .notAuthenticated: break
        case .authenticated: d.logIn()
        case .selected: d.selectInbox()
        }
        _ = d.take()
        d.logins = []
        d.selects = []
        return d
    }

    @Test("each command in each state", arguments: table.map(\.line), SessionState.allCases)
    func command(_ line: String, _ state: SessionState) throws {
        let validity = try #require(Self.table.first { $0.line == line }?.validity)
        if line.hasPrefix("APPEND") == false {
            guard case .command(let parsed)? = parseOne("t " + line) else {
                Issue.record("\(line) does not parse")
                return
            }
            #expect(parsed.command.validity == validity)
        }
        var d = Self.driver(in: state)
        let output = d.send("t " + line)
        if let refusal = Self.refusal(validity, in: state) {
            #expect(output == "t BAD \(refusal)\r\n")
            #expect(d.machine.session.badCommands == 1)
            #expect(d.requests.isEmpty && d.selects.isEmpty && d.appendSteps.isEmpty && d.logins.isEmpty)
        } else {
            #expect(!output.contains(" BAD "), "\(output)")
            #expect(d.machine.session.badCommands == 0)
        }
    }
}
