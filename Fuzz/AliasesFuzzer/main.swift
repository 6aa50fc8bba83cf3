import FuzzSupport
import MailroomConfig

/// libFuzzer entry point for aliases(5): the alias file grammar (`AliasesFile.parse`) and the
/// `:include:` file grammar (`AliasesFile.parseIncludeFile`), both fed the same text, as the expander
/// reads them once a file's text is in memory.
///
/// Any UTF-8 text must parse or throw, never trap; an error is one `FILE:LINE: message` line within
/// the file. What parses, written back with the entries' and values' `description` (the form they
/// document as writable), parses to the same names and destinations, so nothing changes meaning
/// when a tool rewrites the file.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAliases(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let text = String(validating: fuzzInput(data, size), as: UTF8.self) else { return 0 }
    checkAliasFile(text)
    checkIncludeFile(text)
    return 0
}

private func checkAliasFile(_ text: String) {
    let file = "aliases"
    let parsed: AliasesFile
    do {
        parsed = try AliasesFile.parse(text, file: file)
    } catch {
        checkLocated(error, in: text, file: file)
        return
    }
    let written = parsed.entries.map(\.description).joined(separator: "\n")
    do {
        let again = try AliasesFile.parse(written, file: file)
        fuzzCheck(again.warnings.isEmpty, "written-back file has duplicates:\n\(written)")
        fuzzCheck(again.entries.map(\.name) == parsed.entries.map(\.name)
                     && again.entries.map(\.values) == parsed.entries.map(\.values),
                     "written-back file parses differently:\n\(written)")
    } catch {
        fatalError("written-back file does not parse: \(error)\n\(written)")
    }
}

private func checkIncludeFile(_ text: String) {
    let file = "/etc/mail/list"
    let values: [AliasValue]
    do {
        values = try AliasesFile.parseIncludeFile(text, file: file)
    } catch {
        checkLocated(error, in: text, file: file)
        return
    }
    let written = values.map(\.description).joined(separator: "\n")
    do {
        let again = try AliasesFile.parseIncludeFile(written, file: file)
        fuzzCheck(again == values, "written-back include file parses differently:\n\(written)")
    } catch {
        fatalError("written-back include file does not parse: \(error)\n\(written)")
    }
}

runLibFuzzer(fuzzAliases)
