import Accounts
import IMAPMailbox
import IMAPProtocol
import Logging
import MailFolders
import NIOCore
import NIOPosix
import ServerKit

/// One IMAP connection: reads octets, lets ``IMAPCommandParser`` frame them, feeds the parts to the
/// ``IMAPServerMachine``, and carries out each action it returns. One command at a time (the machine's
/// rule): the next part is taken only once the last action's work is done, so responses keep order.
struct IMAPSession {
    let connection: Connection
    var machine: IMAPServerMachine
    var parser: IMAPCommandParser
    let services: IMAPConnectionHandler.Services
    var logger: Logger
    /// The logged-in account: its name for the log and the session limit, and its folders.
    var account: (login: String, mail: AccountMail)?
    /// The selected folder (RFC 9051 §3.3).
    var selected: SelectedFolder?
    /// SEARCHRES's `$` (RFC 5182 §2.1), as UIDs.
    var savedSearch: [UInt32]?
    /// The changes to the selected folder that the command's last trip to the thread pool read on its
    /// way (``blockingLookingAhead(_:)``), for ``pendingUpdates(expungesAllowed:)`` to use instead of a
    /// trip of its own; only ever set for the command in progress.
    var lookedAhead: LookedAhead?
    /// Set by a command served without a trip to the thread pool (a FETCH from ``FetchReadAhead``):
    /// its updates need no look while the last one is fresh (``FolderLook``). Only ever set for the
    /// command in progress.
    var lastLookSuffices = false
    /// The messages of the APPEND being received.
    var appending: PendingAppend?
    /// While in IDLE: the hub registration and the timer that looks for outside changes.
    var idleWatch: IdleWatch?
    /// Listener idle ticks since the client last sent anything.
    var silentTicks = 0
    /// A command's last untagged responses, held to go out in one write with its updates and tagged
    /// completion: a client then reads the whole answer at once, not its FETCH data and, after a second
    /// wake-up, the completion (Dovecot corks its output the same way). Only ever set for the command in
    /// progress; ``perform(_:_:_:)`` writes it.
    var heldOutput = ByteBuffer()

    init(connection: Connection, machine: IMAPServerMachine, services: IMAPConnectionHandler.Services, logger: Logger) {
        self.connection = connection
        self.machine = machine
        self.parser = IMAPCommandParser(limits: machine.configuration.limits)
        self.services = services
        self.logger = logger
    }

    /// Serves the connection until LOGOUT, a limit, the idle timeout or the client leaving.
    mutating func run(_ reader: inout ConnectionReader, _ writer: ConnectionWriter) async throws {
        try await perform(machine.connectionOpened(), &reader, writer)
        while !machine.isClosed {
            if case .part(let part) = parser.next() {
                try await perform(machine.receive(part), &reader, writer)
                continue
            }
            guard let input = try await reader.nextInput(wakingUp: machine.isIdling) else {
                machine.connectionClosed()
                return
            }
            switch input {
            case .bytes(let bytes):
                silentTicks = 0
                parser.append(bytes)
            case .wakeUp:
                guard machine.isIdling, selected != nil else { continue }
                let updates = await pendingUpdates(expungesAllowed: true)
                try await perform(machine.idleUpdates(updates), &reader, writer)
            case .idleTimeout:
                silentTicks += 1
                selected?.readAhead = nil
                if sessionTimedOut {
                    try await perform(machine.timedOut(), &reader, writer)
                }
            }
        }
    }

    /// Before login the listener's timeout applies as it is; after, ticks add up to
    /// ``IMAPSettings/authenticatedIdleTimeout`` (RFC 9051 §5.4: at least 30 minutes).
    private var sessionTimedOut: Bool {
        guard machine.isAuthenticated else { return true }
        return services.settings.listenerIdleTimeout * silentTicks >= services.settings.authenticatedIdleTimeout
    }

    /// Frees what the session holds: its place in the per-user count, its IDLE registration, its store.
    mutating func end() {
        stopIdleWatch()
        if let account {
            services.userSessions.leave(user: account.login, address: connection.remoteAddress)
            account.mail.release()
        }
        account = nil
    }

    /// Carries out `first` and the actions that follow from its results.
    mutating func perform(_ first: IMAPServerMachine.Action, _ reader: inout ConnectionReader,
                          _ writer: ConnectionWriter) async throws {
        var action = first
        while true {
            parser.follow(action)
            if case .startTLS(let responses) = action {
                try await connection.startTLS(reply: encode(responses))
                try await reader.awaitTLS()
                action = machine.tlsEstablished()
                continue
            }
            let responses = action.responses
            if !responses.isEmpty || heldOutput.readableBytes > 0 {
                var output = heldOutput
                heldOutput = ByteBuffer()
                encode(responses, into: &output)
                try await writer.write(output)
            }
            switch action {
            case .nothing, .send, .sendAndClose, .close, .refuseLiteral, .challenge, .startTLS:
                return
            case .abortAppend:
                appending = nil
                return
            case .startIdling:
                selected?.readAhead = nil
                startIdleWatch()
                return
            case .stopIdling:
                stopIdleWatch()
                return
            case .authenticate(let username, let password):
                action = machine.loginFinished(await login(username, password))
            case .select(let request):
                action = machine.selectFinished(await select(request))
            case .perform(let request):
                action = machine.commandFinished(try await carryOut(request, writer))
            case .beginAppend(let tag, let mailbox):
                guard let refusal = await beginAppend(tag: tag, mailbox: mailbox) else { return }
                action = machine.appendRefused(refusal)
            case .append(let part):
                guard let completion = await appendPart(part) else { return }
                action = machine.commandFinished(completion)
            }
        }
    }

    /// The responses in wire form, as the session's revision writes them.
    func encode(_ responses: [ServerResponse]) -> ByteBuffer {
        var buffer = ByteBuffer()
        encode(responses, into: &buffer)
        return buffer
    }

    func encode(_ responses: [ServerResponse], into buffer: inout ByteBuffer) {
        let options = machine.encodingOptions
        for response in responses {
            response.write(into: &buffer, options: options)
        }
    }

    /// Runs blocking store work on the thread pool.
    func blocking<Result: Sendable>(_ work: @escaping @Sendable () throws -> Result) async throws -> Result {
        try await services.threadPool.runIfActive(work)
    }

    /// Runs `work` as ``blocking(_:)`` does and, in the same trip, looks for changes to the selected
    /// folder, so the updates that end the command cost no second trip (a thread hop per command is
    /// what a session on its event loop avoids).
    mutating func blockingLookingAhead<Result: Sendable>(_ work: @escaping @Sendable () throws -> Result) async throws -> Result {
        guard let folder = selected, let store = account?.mail.store else { return try await blocking(work) }
        let name = folder.name
        let since = folder.messages.highestModSeq
        let started = ContinuousClock.now
        // The generation is taken before the work and the look: a change made during either moves it.
        let (generation, result, changes) = try await blocking { () throws -> (UInt64, Result, FolderChanges?) in
            let generation = store.changeGeneration
            return (generation, try work(), try? store.changes(in: name, since: since))
        }
        lookedAhead = changes.map { LookedAhead(folder: name, since: since, changes: $0) }
        if changes != nil, selected?.name == name {
            selected?.lastLook = FolderLook(generation: generation, at: started)
        }
        return result
    }
}
