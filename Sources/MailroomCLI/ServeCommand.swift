import ArgumentParser
import Logging
import MailroomApp
import MailroomConfig

/// `mailroom serve`: runs every enabled service in the foreground until SIGTERM or SIGINT.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run every service the configuration enables, in the foreground.",
        discussion: "Prints one `NAME listening on ADDR:PORT` line per listener; logs go to stderr. "
            + "SIGTERM or SIGINT stop it gracefully."
    )

    @OptionGroup var options: ConfigOption

    func run() async throws {
        let settings = try options.load().settings
        let logger = Logger(label: "mailroom")
        let server = try await MailroomServer.start(settings: settings, logger: logger)
        try await server.run(announce: Terminal.printLine)
    }
}
