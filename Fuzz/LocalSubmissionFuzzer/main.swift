import CLibFuzzer
import LocalSubmission
import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// libFuzzer entry point for the local submission protocol, which any local user can reach.
///
/// The input is split into lines at LF, as the server's line framer splits them, and fed to
/// `LocalSubmissionMachine`; a `.receiveBody` is answered with `bodyReceived()`. Nothing may trap, a
/// `.close` must finish the machine, and every line that parses must re-encode to a line that parses
/// to the same command.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLocalSubmission(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let input = UnsafeBufferPointer(start: data, count: size)
    var machine = LocalSubmissionMachine(recipientLimit: 4)
    for line in input.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
        let trimmed = line.last == UInt8(ascii: "\r") ? line.dropLast() : line[...]
        if let command = try? LocalSubmissionCommand(parsing: trimmed) {
            let again = try? LocalSubmissionCommand(parsing: command.line.utf8.dropLast(2))
            if again != command { fatalError("round trip changed \(command) into \(String(describing: again))") }
        }
        let action = trimmed.count > LocalSubmissionLimits.commandLineLength
            ? machine.receiveOverlongLine()
            : machine.receive(line: ByteBuffer(bytes: trimmed))
        switch action {
        case .close:
            if !machine.isFinished { fatalError("closed without finishing") }
            return 0
        case .receiveBody:
            machine.bodyReceived()
        case .checkSender, .routeRecipient:
            continue
        }
    }
    return 0
}

// SwiftPM renames this file's entry point to LocalSubmissionFuzzer_main and links it as `main`,
// so libFuzzer's own main never runs: start its driver here.
var arguments = CommandLine.argc
var argumentVector: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&arguments, &argumentVector, fuzzLocalSubmission))
