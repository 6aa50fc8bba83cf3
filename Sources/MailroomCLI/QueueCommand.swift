import ArgumentParser
import MailQueue
import MailroomConfig

/// `mailroom queue`: the outbound queue, as Postfix's `mailq`/`postqueue` show it.
struct QueueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queue",
        abstract: "Show and steer the mail queue: list, show, flush, delete, hold, release (as mailq, postcat, postqueue, postsuper).",
        subcommands: [List.self, Show.self, Flush.self, Delete.self, Hold.self, Release.self]
    )

    /// `mailroom queue list` (and the binary run as `mailq`).
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the queued messages: ID, size, arrival time, sender, the reason of the last attempt and the recipients still to do (Postfix's mailq).")
        @OptionGroup var options: ConfigOption
        @Flag(name: .long, help: "One JSON object per message, as Postfix's postqueue -j.") var json = false

        func run() async throws {
            let settings = try options.load().settings
            let messages = try MailQueue.messages(in: settings.dataDirectory + "/queue")
            let text = json ? QueueListingFormat.json(messages) : QueueListingFormat.text(messages)
            if !text.isEmpty { Terminal.printLine(String(text.dropLast())) }
        }
    }

    /// `mailroom queue show ID` (Postfix's `postcat -q ID`).
    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a queued message: its envelope (sender, recipients and how far each got), then the message (postcat -q).")
        @OptionGroup var options: ConfigOption
        @Argument(help: ArgumentHelp("The queue ID, as queue list shows it.", valueName: "ID")) var id: String

        func run() async throws {
            let settings = try options.load().settings
            guard let text = try MailQueue.show(id, inQueueDirectory: settings.dataDirectory + "/queue") else {
                throw QueueCommandFailure(description: "mailroom: \(id): no such message in the queue")
            }
            Terminal.printLine(String(text.dropLast()))
        }
    }

    /// `mailroom queue flush` (Postfix's `postqueue -f`).
    struct Flush: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Have the running server try every deferred message now (Postfix's postqueue -f).")
        @OptionGroup var options: ConfigOption

        func run() async throws {
            let settings = try options.load().settings
            guard QueuePickup.request(queueDirectory: settings.dataDirectory + "/queue", command: QueuePickup.flushCommand) != nil else {
                throw QueueCommandFailure(description: "mailroom: cannot flush the mail queue: the mail server is not running")
            }
        }
    }
}

/// `mailroom queue delete|hold|release ID...|ALL` (Postfix's `postsuper -d|-h|-H`): through the
/// running server, which knows which messages it is delivering, or on the files when none runs.
struct QueueMessages: ParsableArguments {
    @OptionGroup var options: ConfigOption
    @Argument(help: ArgumentHelp("Queue IDs (as queue list shows them), or ALL.", valueName: "ID")) var ids: [String]

    func run(_ action: QueueControlAction, done word: String) throws {
        guard !ids.isEmpty else { throw QueueCommandFailure(description: "mailroom: name queue IDs or ALL") }
        let settings = try options.load().settings
        let directory = settings.dataDirectory + "/queue"
        let wanted = ids.contains { $0.uppercased() == "ALL" } ? nil : ids
        if let answer = QueuePickup.request(queueDirectory: directory, command: QueueControlCommand.line(action, ids: wanted)) {
            let words = answer.split(separator: " ")
            guard words.count == 3, words[0] == "ok", let now = Int(words[1]), let later = Int(words[2]) else {
                throw QueueCommandFailure(description: "mailroom: \(answer)")
            }
            Terminal.printLine("\(word): \(now) message\(now == 1 ? "" : "s")"
                + (later > 0 ? "; \(later) more when the delivery under way ends" : ""))
        } else {
            let done = try MailQueue.control(action, ids: wanted, inQueueDirectory: directory)
            Terminal.printLine("\(word): \(done.count) message\(done.count == 1 ? "" : "s")")
        }
    }
}

extension QueueCommand {
    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete queued messages, without a bounce (postsuper -d).")
        @OptionGroup var messages: QueueMessages
        func run() async throws { try messages.run(.delete, done: "Deleted") }
    }

    struct Hold: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Put queued messages on hold: kept, not delivered (postsuper -h).")
        @OptionGroup var messages: QueueMessages
        func run() async throws { try messages.run(.hold, done: "Placed on hold") }
    }

    struct Release: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Release held messages for delivery now (postsuper -H).")
        @OptionGroup var messages: QueueMessages
        func run() async throws { try messages.run(.release, done: "Released from hold") }
    }
}

/// A queue command that could not be carried out.
struct QueueCommandFailure: MailroomFailure {
    let description: String
}
