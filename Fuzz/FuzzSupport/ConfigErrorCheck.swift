import MailroomConfig

/// Traps unless `error` is one `FILE:LINE: message` line that points into `text` read as `file`:
/// a configuration error must tell the user where to look, and must not spill onto further lines.
public func checkLocated(_ error: ConfigError, in text: String, file: String) {
    fuzzCheck(error.file == file, "error names another file: \(error)")
    if let line = error.line {
        fuzzCheck((1...lineCount(text)).contains(line), "error line out of range: \(error)")
    }
    fuzzCheck(!error.description.utf8.contains(UInt8(ascii: "\n")), "multi-line error: \(error)")
}
