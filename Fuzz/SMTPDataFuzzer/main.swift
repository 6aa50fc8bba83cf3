import FuzzSupport
import NIOCore
import SMTPProtocol

/// libFuzzer entry point for `DataStreamDecoder`: the DATA stream after `354` (RFC 5321 §4.1.1.4, §4.5.2)
/// and BDAT chunks (RFC 3030 §2), under both of Postfix's `smtpd_forbid_bare_newline` answers.
///
/// The input's first byte says how many control bytes follow; the rest is the payload, the bytes the
/// client sends (see `ControlledInput`). Pairs of control bytes choose where the payload is cut into
/// reads; an odd control byte left over picks the framing (bit 0: BDAT), the policy (bit 1: reject) and
/// a size limit (bit 2: a limit of the bits above it). Then:
/// - fed whole or in those pieces, the decoder gives the same body, end, size, verdict, leftover and
///   refusal: the network may cut reads anywhere;
/// - the body never holds a bare LF, and below the limit never a bare CR: the store holds CRLF only;
/// - DATA ends only where the payload has `CRLF . CRLF`, or at a `.` CRLF it starts with (no smuggling);
/// - all of it is what a line-by-line model of the rules (`Model.swift`) gives;
/// - the loop check's `HopCounter` counts the same `Received:` fields whole or in those pieces, as
///   many as a line model of the header section finds.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSMTPData(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = ControlledInput(fuzzInput(data, size))
    let options = Options(input.control.count % 2 == 1 ? input.control.last ?? 0 : 0)
    let whole = decode([input.payload[...]], options)
    let pieces = decode(input.pieces, options)
    fuzzCheck(pieces == whole, "cut at \(input.cutPoints): \(pieces), whole: \(whole)")
    checkLineEnds(whole, options)
    if let size = whole.size {
        let consumed = input.payload.dropLast(whole.leftover.count)
        fuzzCheck(Array(consumed) == Array(".\r\n".utf8) || consumed.suffix(5).elementsEqual("\r\n.\r\n".utf8),
                  "DATA ended after \(Array(consumed)) (size \(size))")
    }
    let expected = Model(input.payload, options).decoded
    fuzzCheck(whole == expected, "\(options): decoded \(whole), the model says \(expected)")
    checkHopCount(input)
    return 0
}

/// `HopCounter` over the payload, whole and cut where the reads are cut, against a model: the lines
/// (LF-terminated, a CR before the LF dropped) up to the first empty one, those whose name is
/// `received` (any case) followed by optional spaces or tabs and a colon.
private func checkHopCount(_ input: ControlledInput) {
    var whole = HopCounter()
    whole.scan(ByteBuffer(bytes: input.payload))
    var pieces = HopCounter()
    for read in input.pieces { pieces.scan(ByteBuffer(bytes: read)) }
    fuzzCheck(whole == pieces, "hop count whole \(whole.count), in pieces \(pieces.count)")
    var expected = 0
    var lines = input.payload.split(separator: 10, omittingEmptySubsequences: false)
    if input.payload.last != 10 { lines.removeLast() }  // no LF yet: not a line
    for var line in lines {
        if line.last == 13 { line = line.dropLast() }
        if line.isEmpty { break }
        // The counter looks at a line's first 16 octets: the name and up to 7 of white space before the colon.
        let lowered = line.prefix(16).map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
        guard lowered.starts(with: Array("received".utf8)) else { continue }
        if lowered.dropFirst(8).drop(while: { $0 == 32 || $0 == 9 }).first == 58 { expected += 1 }
    }
    fuzzCheck(whole.count == expected, "hop count \(whole.count), the model says \(expected)")
}

/// The decoder's settings, from one control byte.
struct Options: CustomStringConvertible {
    var framing: DataStreamDecoder.Framing
    var policy: DataStreamDecoder.BareLineEndPolicy
    var maximumSize: Int?

    init(_ byte: UInt8) {
        framing = byte & 1 == 0 ? .dotTerminated : .chunked
        policy = byte & 2 == 0 ? .normalize : .reject
        maximumSize = byte & 4 == 0 ? nil : Int(byte >> 3)
    }

    var description: String { "\(framing), \(policy), limit \(maximumSize.map(String.init) ?? "none")" }
}

/// What a DATA section or a BDAT transaction decoded to.
struct Decoded: Equatable {
    var body: [UInt8] = []
    /// The size and verdict at the end of DATA; `nil` before it (and always for BDAT).
    var size: Int?
    var tooBig: Bool?
    /// The leftover of the read with the terminator, followed by every later read.
    var leftover: [UInt8] = []
    var bareLineEnd: DataStreamDecoder.BareLineEnd?
}

private func decode(_ reads: [ArraySlice<UInt8>], _ options: Options) -> Decoded {
    var decoder = DataStreamDecoder(maximumSize: options.maximumSize, framing: options.framing,
                                    bareLineEnds: options.policy)
    var decoded = Decoded()
    for read in reads {
        if decoded.size != nil { decoded.leftover += read }
        guard decoded.size == nil, decoded.bareLineEnd == nil else { continue }
        let output = decoder.decode(ByteBuffer(bytes: read))
        decoded.body += output.body.readableBytesView
        decoded.bareLineEnd = output.bareLineEnd
        if let end = output.end {
            decoded.size = end.size
            decoded.tooBig = end.tooBig
            decoded.leftover = Array(end.leftover.readableBytesView)
        }
    }
    if options.framing == .chunked, decoded.bareLineEnd == nil {
        let output = decoder.finishChunks()
        decoded.body += output.body.readableBytesView
        decoded.bareLineEnd = output.bareLineEnd
    }
    return decoded
}

/// Every LF in the body follows a CR; every CR precedes an LF, unless the size limit cut the body there.
private func checkLineEnds(_ decoded: Decoded, _ options: Options) {
    let body = decoded.body
    for (index, byte) in body.enumerated() {
        if byte == 10 { fuzzCheck(index > 0 && body[index - 1] == 13, "bare LF at \(index) of \(body)") }
        if byte == 13, index + 1 < body.count || options.maximumSize == nil {
            fuzzCheck(index + 1 < body.count && body[index + 1] == 10, "bare CR at \(index) of \(body)")
        }
    }
}

runLibFuzzer(fuzzSMTPData)
