import Foundation
import Logging
import MailroomApp
import MailroomConfig

/// `mailroom sendmail …` and `mailroom newaliases`, also reached through links named `sendmail` and
/// `newaliases`. They take sendmail(1)'s options (`-oi`, `-f addr`, …), which ArgumentParser cannot
/// spell, so they are dispatched before it.
enum SendmailEntry {
    /// The sendmail-style arguments when this invocation is one, else `nil`.
    static func arguments(program: String, arguments: [String]) -> [String]? {
        switch (URL(fileURLWithPath: program).lastPathComponent, arguments.first) {
        case ("sendmail", _): arguments
        case ("newaliases", _): ["-bi"] + arguments
        case (_, "sendmail"): Array(arguments.dropFirst())
        case (_, "newaliases"): ["-bi"] + arguments.dropFirst()
        default: nil
        }
    }

    /// Runs sendmail and exits with its status.
    static func run(_ arguments: [String]) async -> Never {
        do {
            let options = try SendmailOptions.parse(arguments)
            let loaded = try Settings.load(path: ConfigLocator().configPath(explicit: options.configFile))
            for warning in loaded.warnings { Terminal.printError(warning.description) }
            var logger = Logger(label: "mailroom.sendmail")
            logger.logLevel = .warning
            try await Sendmail.run(options, settings: loaded.settings, logger: logger)
            exit(0)
        } catch let error as SendmailOptions.UsageError {
            Terminal.printError("sendmail: \(error)")
            exit(64)
        } catch let error as Sendmail.Failure {
            Terminal.printError(error.description)
            exit(error.exitStatus)
        } catch {
            Terminal.printError("\(error)")
            exit(78)
        }
    }
}
