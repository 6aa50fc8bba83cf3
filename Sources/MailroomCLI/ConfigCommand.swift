import ArgumentParser
import MailroomConfig

/// `mailroom config`: configuration tools.
struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Check the configuration.",
        subcommands: [CheckCommand.self]
    )

    /// `mailroom config check`: validates, then prints the settings that differ from the defaults.
    struct CheckCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Validate the configuration and print the settings that differ from the defaults.",
            discussion: "Like `postconf -n`: one `name = value` a line. An error prints `FILE:LINE: message` "
                + "and exits 1; a Postfix or Dovecot setting with no meaning here is a warning on stderr."
        )

        @OptionGroup var options: ConfigOption

        func run() async throws {
            for line in try options.load().nonDefaultLines() {
                Terminal.printLine(line)
            }
        }
    }
}
