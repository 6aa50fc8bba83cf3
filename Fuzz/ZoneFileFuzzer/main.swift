import CLibFuzzer
import DNSProtocol
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// libFuzzer entry point for the zone-file parser.
///
/// Feeds the input (when it is valid UTF-8) to `ZoneFileParser` with an `$INCLUDE` loader that
/// always fails; any parse must not crash. When it parses, every record's presentation line is
/// parsed again and must give the same records, octet for octet, so `presentation` and the
/// parser stay inverse. A round-trip mismatch traps, which is how libFuzzer learns of it.
/// Set `ZONE_FUZZ_PRINT=1` to print the presentation lines (off by default: printing every
/// input would dominate the run time).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data else { return 0 }
    guard let text = String(validating: UnsafeBufferPointer(start: data, count: size), as: UTF8.self),
        let origin = DNSName("example.test.")
    else { return 0 }
    let parser = ZoneFileParser(text: text, fileName: "fuzz", origin: origin)
    let records: [ResourceRecord]
    do {
        records = try parser.parse(include: { _ in throw IncludeRefused() })
    } catch {
        // Errors must be one `FILE:LINE: message` line pointing into the input.
        let lineCount = text.utf8.reduce(1) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
        precondition(!error.description.contains(where: \.isNewline), "multi-line error: \(error)")
        precondition((1...lineCount).contains(error.line), "error line out of range: \(error)")
        return 0
    }

    let lines = records.map(\.presentation)
    if FuzzSettings.printsRecords { lines.forEach { print($0) } }
    let again: [ResourceRecord]
    do {
        again = try ZoneFileParser(text: lines.joined(separator: "\n"), fileName: "presentation", origin: origin).parse()
    } catch {
        preconditionFailure("presentation did not parse back: \(error)\n\(lines.joined(separator: "\n"))")
    }
    // `==` ignores name case; compare the labels' octets too.
    let sameOctets = zip(records, again).allSatisfy { $0.name.labels == $1.name.labels }
    precondition(again == records && sameOctets, "round trip changed the records:\n\(lines.joined(separator: "\n"))")
    return 0
}

/// libFuzzer's C entry point for programs that keep their own `main` (LLVM 12+).
/// The error the fuzzer's `$INCLUDE` loader throws: fuzz input must not reach the file system.
struct IncludeRefused: Error {}

/// Run-wide switches read once from the environment.
enum FuzzSettings {
    static let printsRecords: Bool = {
        guard let value = getenv("ZONE_FUZZ_PRINT") else { return false }
        return String(cString: value) == "1"
    }()
}

// SwiftPM renames this file's entry point to ZoneFileFuzzer_main and links it as `main`, so
// libFuzzer's own main never runs: start its driver here (see CLibFuzzer.h).
var arguments = CommandLine.argc
var argumentVector: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&arguments, &argumentVector, fuzz))
