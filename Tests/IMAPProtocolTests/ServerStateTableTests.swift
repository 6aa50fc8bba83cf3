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

    static let beforeLogin = "Command not valid before login"
    static let afterLogin = "Already authenticated"
    static let noMailbox = "No mailbox selected"

    /// RFC 9051 §6.1 (any state), §6.2 (not authenticated only), §6.3 (authenticated, and so also
    /// selected), §6.4 (selected); ENABLE only before SELECT (RFC 5161 §3.1); IDLE per RFC 2177 §3. Each
    /// row: the command, and for not authenticated / authenticated / selected the BAD text, or nil where
    /// the command is valid.
    static let table: [(line: String, validity: IMAPCommandValidity, refusals: [String?])] = {
        let any: [String?] = [nil, nil, nil]
        let notAuthenticated: [String?] = [nil, afterLogin, afterLogin]
        let authenticated: [String?] = [beforeLogin, nil, nil]
        let selected: [String?] = [beforeLogin, noMailbox, nil]
        let anyLines = ["CAPABILITY", "NOOP", "LOGOUT", "ID NIL"]
        let notAuthenticatedLines = ["STARTTLS", "AUTHENTICATE PLAIN", "LOGIN fred secret"]
        let authenticatedLines = ["SELECT INBOX", "EXAMINE INBOX", "CREATE Box", "DELETE Box", "RENAME Box Other",
                                  "SUBSCRIBE Box", "UNSUBSCRIBE Box", "LIST \"\" *", "LSUB \"\" *", "NAMESPACE",
                                  "STATUS INBOX (MESSAGES)", "APPEND Box {1+}\r\nx", "IDLE"]
        let selectedLines = ["CHECK", "CLOSE", "UNSELECT", "EXPUNGE", "UID EXPUNGE 1", "SEARCH ALL", "UID SEARCH ALL",
                             "FETCH 1 FLAGS", "UID FETCH 1 FLAGS", "STORE 1 +FLAGS \\Seen", "UID STORE 1 -FLAGS \\Seen",
                             "COPY 1 Box", "UID COPY 1 Box", "MOVE 1 Box", "UID MOVE 1 Box"]
        return anyLines.map { ($0, IMAPCommandValidity.anyState, any) }
            + notAuthenticatedLines.map { ($0, .notAuthenticated, notAuthenticated) }
            + [("ENABLE IMAP4rev2", .authenticatedOnly, [beforeLogin, nil, "ENABLE is valid only before a mailbox is selected"])]
            + authenticatedLines.map { ($0, .authenticated, authenticated) }
            + selectedLines.map { ($0, .selected, selected) }
    }()

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
        let row = try #require(Self.table.first { $0.line == line })
        let validity = row.validity
        if line.hasPrefix("APPEND") == false {
            guard case .command(let parsed)? = parseOne("t " + line) else {
                Issue.record("\(line) does not parse")
                return
            }
            #expect(parsed.command.validity == validity)
        }
        var d = Self.driver(in: state)
        let output = d.send("t " + line)
        let index = try #require(SessionState.allCases.firstIndex(of: state))
        if let refusal = row.refusals[index] {
            #expect(output == "t BAD \(refusal)\r\n")
            #expect(d.machine.session.badCommands == 1)
            #expect(d.requests.isEmpty && d.selects.isEmpty && d.appendSteps.isEmpty && d.logins.isEmpty)
        } else {
            #expect(!output.contains(" BAD "), "\(output)")
            #expect(d.machine.session.badCommands == 0)
        }
    }
}
