import Foundation

/// Output to the terminal: stdout lines flushed at once (they may go to a log file), stderr lines,
/// and password prompts without echo.
enum Terminal {
    /// Prints a line on stdout and flushes, so a supervisor reading a pipe sees it immediately.
    static func printLine(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    /// Prints one line on stderr; embedded line breaks are folded so every error stays one line.
    static func printError(_ message: String) {
        let line = message.split(whereSeparator: \.isNewline).joined(separator: " ")
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// Reads one line from stdin (without its line ending); `nil` at end of input.
    static func readLine() -> String? {
        Swift.readLine(strippingNewline: true)
    }

    /// Asks for a password on the terminal without echo; `nil` when stdin is not a terminal.
    static func readPassword(prompt: String) -> String? {
        guard isatty(STDIN_FILENO) == 1, let raw = getpass(prompt) else { return nil }
        return String(cString: raw)
    }
}
