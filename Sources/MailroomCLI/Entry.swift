import ArgumentParser
import Foundation
import Logging

/// The program's entry point: parses the command line, runs the command, and turns every failure
/// into one line on stderr and a non-zero exit status (never a stack trace).
public enum Entry {
    /// Runs `mailroom` with the process's arguments.
    public static func main() async -> Never {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = ProcessInfo.processInfo.environment["MAILROOM_LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0) } ?? .info
            return handler
        }
        if let arguments = SendmailEntry.arguments(program: CommandLine.arguments[0],
                                                   arguments: Array(CommandLine.arguments.dropFirst())) {
            await SendmailEntry.run(arguments)
        }
        // Run through a link named `mailq`, the binary lists the queue as Postfix's mailq does.
        var arguments = Array(CommandLine.arguments.dropFirst())
        if URL(fileURLWithPath: CommandLine.arguments[0]).lastPathComponent == "mailq" {
            arguments = ["queue", "list"] + arguments
        }
        do {
            var command = try MailroomCommand.parseAsRoot(arguments)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as any MailroomFailure {
            Terminal.printError(error.description)
            exit(1)
        } catch {
            exitAfterArgumentParser(error)
        }
        exit(0)
    }

    /// What ArgumentParser threw: help goes to stdout in full; a usage error is its first line on
    /// stderr, plus where to find help.
    private static func exitAfterArgumentParser(_ error: any Error) -> Never {
        let code = MailroomCommand.exitCode(for: error)
        let message = MailroomCommand.fullMessage(for: error)
        if code == .success {
            Terminal.printLine(message)
        } else if !message.isEmpty {
            var first = message.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
            if first.hasPrefix("Error: ") { first.removeFirst("Error: ".count) }
            Terminal.printError("mailroom: \(first) (see 'mailroom --help')")
        }
        exit(code.rawValue)
    }
}
