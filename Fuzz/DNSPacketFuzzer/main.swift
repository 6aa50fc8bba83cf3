import CLibFuzzer
import DNSProtocol

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// libFuzzer entry point for the DNS packet decoder (RFC 1035 §4.1).
///
/// Any input must decode or throw, never trap. A message that decodes must survive
/// encode → decode unchanged, and its encoding must be a fixed point, so the encoder never
/// emits something the decoder (or a peer) would read differently.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDNSPacket(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data, size > 0 else { return 0 }
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    guard let first = try? DNSMessage(wire: input) else { return 0 }
    let wire = first.encoded()
    let second: DNSMessage
    do {
        second = try DNSMessage(wire: wire)
    } catch {
        fatalError("re-encoded message does not decode: \(error)")
    }
    let firstCount = first.answers.count + first.authority.count + first.additional.count
    let secondCount = second.answers.count + second.authority.count + second.additional.count
    // Only an encoding past 65 535 octets (uncompressed SRV targets can grow a message) may drop records.
    if firstCount == secondCount, second != first {
        fatalError("round trip changed the message:\n\(first)\n\(second)")
    }
    if second.encoded() != wire {
        fatalError("encoding is not stable across a round trip")
    }
    return 0
}

// SwiftPM renames this file's entry point to DNSPacketFuzzer_main and links it as `main`,
// so libFuzzer's own main never runs: start its driver here.
var arguments = CommandLine.argc
var argumentVector: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&arguments, &argumentVector, fuzzDNSPacket))
