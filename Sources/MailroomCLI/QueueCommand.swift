import ArgumentParser
import MailQueue
import MailroomConfig

/// `mailroom queue`: the outbound queue, as Postfix's `mailq`/`postqueue` show it.
struct QueueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queue",
        abstract: "Show the mail queue (as mailq) and have it tried now (as postqueue -f).",
        subcommands: [List.self, Flush.self]
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

    /// `mailroom queue flush` (Postfix's `postqueue -f`).
    struct Flush: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Have the running server try every deferred message now (Postfix's postqueue -f).")
        @OptionGroup var options: ConfigOption

        func run() async throws {
            let settings = try options.load().settings
            guard QueuePickup.notify(queueDirectory: settings.dataDirectory + "/queue", command: QueuePickup.flushCommand) else {
                throw QueueCommandFailure(description: "mailroom: cannot flush the mail queue: the mail server is not running")
            }
        }
    }
}

/// A queue command that could not be carried out.
struct QueueCommandFailure: MailroomFailure {
    let description: String
}
