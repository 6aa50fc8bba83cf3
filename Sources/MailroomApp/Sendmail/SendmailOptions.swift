/// The sendmail(1) command line as Postfix's `sendmail` accepts it, which is what `mail`, `mutt`, cron
/// and scripts call: `-f`/`-r` sender, `-F` full name, `-t` recipients from the headers, `-i`/`-oi` a
/// lone dot is not the end, recipients as arguments. Options Postfix accepts and ignores (`-o…`,
/// `-B`, `-N`, `-R`, `-V`, `-v`, `-bm`, `-em`, …) are accepted and ignored here too.
public struct SendmailOptions: Sendable, Equatable {
    /// `-f SENDER` (or `-r`): the envelope sender; `nil` for the invoking user.
    public var sender: String?
    /// `-F NAME`: the full name for an added `From:` header.
    public var fullName: String?
    /// `-t`: take recipients from `To:`, `Cc:` and `Bcc:` as well.
    public var extractRecipients = false
    /// Without `-i`/`-oi`, a line holding only `.` ends the message (sendmail's default).
    public var dotEndsMessage = true
    /// `--config FILE`, as every mailroom command takes.
    public var configFile: String?
    /// `-bi`: newaliases mode (nothing to rebuild; aliases are read when they change).
    public var rebuildAliases = false
    /// The recipients named on the command line.
    public var recipients: [String] = []

    /// Options with sendmail's defaults.
    public init() {}

    /// A command line sendmail(1) does not accept, with the one-line reason.
    public struct UsageError: Error, Equatable, CustomStringConvertible {
        /// The reason, for `sendmail: REASON`.
        public let description: String
    }

    /// Parses the arguments after the program name.
    public static func parse(_ arguments: [String]) throws(UsageError) -> SendmailOptions {
        var options = SendmailOptions()
        var index = 0
        /// The value of an option written `-fVALUE` or `-f VALUE`.
        func value(_ argument: String) throws(UsageError) -> String {
            if argument.count > 2 { return String(argument.dropFirst(2)) }
            index += 1
            guard index < arguments.count else { throw UsageError(description: "option \(argument) needs a value") }
            return arguments[index]
        }
        while index < arguments.count {
            let argument = arguments[index]
            defer { index += 1 }
            guard argument.hasPrefix("-"), argument != "-" else {
                options.recipients.append(argument)
                continue
            }
            if argument == "--" {
                options.recipients += arguments[(index + 1)...]
                index = arguments.count
                break
            }
            if argument == "--config" {
                index += 1
                guard index < arguments.count else { throw UsageError(description: "option --config needs a file") }
                options.configFile = arguments[index]
                continue
            }
            switch argument.dropFirst().first {
            case "f", "r": options.sender = try value(argument)
            case "F": options.fullName = try value(argument)
            case "t" where argument == "-t": options.extractRecipients = true
            case "i" where argument == "-i": options.dotEndsMessage = false
            case "o":
                if argument == "-oi" { options.dotEndsMessage = false }
                // Other -oX options (-oem, -odb, -oQ…) are accepted and ignored, as Postfix does.
            case "B", "N", "R", "V", "C", "L", "O": _ = try value(argument)
            case "v", "e", "n", "U", "h", "m", "G", "A", "X": break
            case "b":
                switch argument {
                case "-bm", "-bd": break
                case "-bi": options.rebuildAliases = true
                default: throw UsageError(description: "mode \(argument) is not supported")
                }
            case "q": throw UsageError(description: "queue runs (\(argument)) are not supported; the server delivers at once")
            default: throw UsageError(description: "unknown option \(argument)")
            }
        }
        return options
    }
}
