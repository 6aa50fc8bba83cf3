import FuzzSupport
import MailMessage

/// libFuzzer entry point for `EightBitDowngrade`, the 8BITMIME downgrade (RFC 6152 §3, RFC 2045 §6.7).
///
/// The input's first byte says how many control bytes follow; the rest is the message (see `ControlledInput`),
/// and pairs of control bytes choose where it is cut into chunks. Checks:
/// - fed whole or in those chunks, the output is the same;
/// - a message without 8-bit octets comes back byte for byte;
/// - the output parses to the input's tree, and every leaf reads as it did: an identity-encoded leaf that was
///   converted decodes from quoted-printable to the input's octets, any other leaf is left as it was (a
///   multipart read as text/plain, because it could not be split or had no body part, is not compared);
/// - no leaf with an identity encoding keeps an 8-bit octet in its body, except where the parser stops entering
///   (MIMELimits.maximumDepth), which the downgrade passes through.
/// Messages of `EightBitDowngrade.maximumHeldBytes` and more are only fed (past that, a waiting body is encoded
/// even if it is 7-bit, and a header section past `MIMELimits.maximumHeaderBytes` is passed through).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzEightBitDowngrade(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = ControlledInput(fuzzInput(data, size))
    let message = input.payload
    let whole = EightBitDowngrade.downgrade(message)
    var converter = EightBitDowngrade()
    var chunked: [UInt8] = []
    for piece in input.pieces { chunked += converter.convert(piece) }
    chunked += converter.finish()
    fuzzCheck(chunked == whole, "cut at \(input.cutPoints): the output differs from the one-shot output")
    guard message.count < EightBitDowngrade.maximumHeldBytes else { return 0 }
    if message.allSatisfy({ $0 < 0x80 }) { fuzzCheck(whole == message, "a 7-bit message was changed") }
    checkLeaves(MessageStructure(parsing: message), message, MessageStructure(parsing: whole), whole)
    return 0
}

private func checkLeaves(_ before: MessageStructure, _ message: [UInt8], _ after: MessageStructure, _ output: [UInt8]) {
    fuzzCheck(before.parts.count == after.parts.count, "\(before.parts.count) entities became \(after.parts.count)")
    var depths = [Int](repeating: 0, count: after.parts.count)
    for (index, part) in after.parts.enumerated() {
        for child in part.children where child < depths.count { depths[child] = depths[index] + 1 }
        let old = before.parts[index]
        fuzzCheck(old.children == part.children, "entity \(index) has other children")
        // A multipart the parser could not split, or in which it found no body part, it reads as text/plain; the
        // downgrade walked it as a multipart and may have encoded its preamble.
        guard part.content == .single, !MIMEFields(header: MessageHeader(parsing: message[old.header.range])).contentType.isMultipart
        else { continue }
        let oldBody = message[old.body.range]
        let newBody = output[part.body.range]
        let oldEncoding = old.fields.transferEncoding
        let newEncoding = part.fields.transferEncoding
        if oldEncoding.isIdentity, newEncoding == .quotedPrintable {
            fuzzCheck(TransferDecoding.quotedPrintable(newBody) == Array(oldBody), "entity \(index) decodes differently")
        } else if !oldEncoding.isIdentity {
            fuzzCheck(newBody.elementsEqual(oldBody), "entity \(index), encoded \(oldEncoding), was changed")
        }
        if newEncoding.isIdentity, depths[index] < MIMELimits.maximumDepth {
            fuzzCheck(newBody.allSatisfy { $0 < 0x80 }, "entity \(index) keeps 8-bit octets")
        }
    }
}

runLibFuzzer(fuzzEightBitDowngrade)
