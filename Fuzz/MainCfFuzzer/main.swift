import FuzzSupport
import MailroomConfig

/// libFuzzer entry point for the main.cf reader: postconf(5) lines, `$name` expansion and every
/// setting's value parser, through `Settings.parse(_:file:hostName:)`, the path `Settings.load` takes
/// once the file is read.
///
/// Any UTF-8 text must load or throw, never trap; an error is one `main.cf:LINE: message` line within
/// the file. A file that loads without warnings, written back as its `config check` lines
/// (`nonDefaultLines()`, like `postconf -n`), loads to the same settings and the same lines.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMainCf(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let text = String(validating: fuzzInput(data, size), as: UTF8.self) else { return 0 }
    let loaded: LoadedConfiguration
    do {
        loaded = try load(text)
    } catch {
        checkLocated(error, in: text, file: fileName)
        return 0
    }
    // Warnings name Postfix or Dovecot settings that `config check` leaves out; `$name` may refer to them.
    guard loaded.warnings.isEmpty else { return 0 }
    let written = loaded.nonDefaultLines().joined(separator: "\n")
    do {
        let again = try load(written)
        fuzzCheck(again.settings == loaded.settings, "config check lines load differently:\n\(written)")
        fuzzCheck(again.nonDefaultLines() == loaded.nonDefaultLines(), "config check lines are not stable:\n\(written)")
    } catch {
        fatalError("config check lines do not load: \(error)\n\(written)")
    }
    return 0
}

private let fileName = "main.cf"

private func load(_ text: String) throws(ConfigError) -> LoadedConfiguration {
    try Settings.parse(text, file: fileName, hostName: "mail.example.test")
}

runLibFuzzer(fuzzMainCf)
