import CLibFuzzer

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// libFuzzer's per-input callback: the input's bytes and their count; returns 0.
public typealias FuzzTarget = @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt

/// Runs libFuzzer's driver over `target` with the process's arguments and exits with its status.
///
/// SwiftPM renames a fuzzer's `main.swift` entry point to `<Module>_main` and links it as `main`, so
/// libFuzzer's own `main` never runs: each fuzzer's top-level code calls this instead (see CLibFuzzer.h).
public func runLibFuzzer(_ target: FuzzTarget) -> Never {
    var arguments = CommandLine.argc
    var argumentVector: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
    exit(LLVMFuzzerRunDriver(&arguments, &argumentVector, target))
}

/// The input as an array, empty for a null pointer.
public func fuzzInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> [UInt8] {
    guard let data else { return [] }
    return Array(UnsafeBufferPointer(start: data, count: size))
}

/// `bytes` with the case of its leading ASCII letters (a command's verb) swapped.
public func flippingCaseOfLeadingLetters(_ bytes: [UInt8]) -> [UInt8] {
    var flipped = bytes
    for index in flipped.indices {
        let byte = flipped[index]
        guard (65...90).contains(byte) || (97...122).contains(byte) else { break }
        flipped[index] = byte ^ 0x20
    }
    return flipped
}

/// The number of lines in `text` as an editor counts them: one more than its LFs.
public func lineCount(_ text: String) -> Int {
    text.utf8.reduce(1) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
}

/// Splits a fuzz input into a control part and a payload, for targets that need both: the first
/// byte says how many control bytes follow (at most `limit`), the rest is the payload.
public struct ControlledInput {
    /// The control bytes (split points, sizes, flags).
    public let control: [UInt8]
    /// What the target parses.
    public let payload: [UInt8]

    /// Splits `input`; an empty input gives empty parts.
    public init(_ input: [UInt8], limit: Int = 32) {
        guard let first = input.first else {
            control = []
            payload = []
            return
        }
        let count = min(Int(first) % (limit + 1), input.count - 1)
        control = Array(input[1..<(1 + count)])
        payload = Array(input[(1 + count)...])
    }

    /// Cut points into the payload, one per pair of control bytes (so any of the first 65 536 offsets
    /// can be chosen), ascending, without duplicates, strictly inside the payload.
    public var cutPoints: [Int] {
        guard payload.count > 1 else { return [] }
        let pairs = stride(from: 0, to: control.count - 1, by: 2).map { Int(control[$0]) << 8 | Int(control[$0 + 1]) }
        return Set(pairs.map { 1 + $0 % (payload.count - 1) }).sorted()
    }

    /// The payload cut at ``cutPoints``.
    public var pieces: [ArraySlice<UInt8>] {
        var pieces: [ArraySlice<UInt8>] = []
        var start = 0
        for cut in cutPoints + [payload.count] where cut > start {
            pieces.append(payload[start..<cut])
            start = cut
        }
        return pieces
    }
}

/// Traps with `message` unless `condition` holds. Unlike `precondition`, the message is printed in
/// release builds too, so a finding says which invariant broke.
public func fuzzCheck(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { fatalError(message()) }
}
