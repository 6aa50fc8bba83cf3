import FuzzSupport
import NIOCore
import SMTPProtocol

/// libFuzzer entry point for `DataStreamDecoder`, the DATA section after `354` (RFC 5321 §4.1.1.4,
/// §4.5.2).
///
/// The input's first byte says how many control bytes follow; the rest is the payload, the bytes the
/// client sends (see `ControlledInput`). Pairs of control bytes choose where the payload is cut into
/// reads; an odd control byte left over is the size limit. Fed whole or in those pieces, the decoder
/// must give the same body, the same end (or none), the same size and too-big verdict, and the same
/// leftover (what follows the terminator in the pieces after it): the network may cut reads anywhere.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSMTPData(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = ControlledInput(fuzzInput(data, size))
    let limit = input.control.count % 2 == 1 ? input.control.last.map(Int.init) : nil
    let whole = decode([input.payload[...]], maximumSize: limit)
    let pieces = decode(input.pieces, maximumSize: limit)
    fuzzCheck(pieces == whole, "cut at \(input.cutPoints): \(pieces), whole: \(whole)")
    return 0
}

/// What a DATA section decoded to.
private struct Decoded: Equatable {
    var body: [UInt8] = []
    var size: Int?
    var tooBig: Bool?
    /// The leftover of the read with the terminator, followed by every later read.
    var leftover: [UInt8] = []
}

private func decode(_ reads: [ArraySlice<UInt8>], maximumSize: Int?) -> Decoded {
    var decoder = DataStreamDecoder(maximumSize: maximumSize)
    var decoded = Decoded()
    for read in reads {
        guard decoded.size == nil else {
            decoded.leftover += read
            continue
        }
        let output = decoder.decode(ByteBuffer(bytes: read))
        decoded.body += output.body.readableBytesView
        if let end = output.end {
            decoded.size = end.size
            decoded.tooBig = end.tooBig
            decoded.leftover = Array(end.leftover.readableBytesView)
        }
    }
    return decoded
}

runLibFuzzer(fuzzSMTPData)
