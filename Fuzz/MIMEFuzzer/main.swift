import FuzzSupport
import MailMessage

/// libFuzzer entry point for the MIME parser (RFC 5322, RFC 2045-2047, RFC 2231) and the serialized structure
/// the mailbox index keeps.
///
/// The input is a message. Checks:
/// - every span lies in the message, each header ends where its body starts, and each span's line and bare-LF
///   counts are what counting the bytes gives;
/// - the structure serializes and reads back equal (the reader's consistency checks run on it, so the parser
///   never makes a tree, span or type the index would refuse), and serializes again to the same bytes;
/// - every part is found again by its RFC 9051 §6.4.5 part number, its MIME/HEADER/TEXT sections are the spans
///   of the entities they name, and numbers past the last part name nothing; BODYSTRUCTURE is as large as the
///   tree;
/// - the message with every bare LF made CRLF parses to the same structure, its offsets those of the CRLF
///   sizes (LF-stored Maildir messages must give what the wire gives);
/// - the header read by `MessageHeader` gives the envelope the parser gave;
/// - decoding text, parameters and header values never traps;
/// - SEARCH's folded body texts are the decoded texts folded, and its octet matcher answers as `String.contains`
///   does (RFC 9051 §6.4.4) for keys cut from those texts (clusters split on purpose) and from the input;
/// - the serialized form with one octet changed or cut short (positions chosen by the input) reads back only
///   as something that serializes to those very bytes, and the input itself read as a serialized structure
///   likewise.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMIME(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let message = fuzzInput(data, size)
    let structure = MessageStructure(parsing: message)
    checkSpans(structure, message)
    let serialized = checkRoundTrip(structure)
    checkSections(structure)
    checkLineEnds(structure, message)
    checkHeader(structure, message)
    exerciseDecoding(structure, message)
    checkDamaged(serialized, seed: message)
    checkSerializedInput(message)
    return 0
}

private let lineFeed: UInt8 = 0x0A
private let carriageReturn: UInt8 = 0x0D

private func checkSpans(_ structure: MessageStructure, _ message: [UInt8]) {
    check(structure.size, message)
    fuzzCheck(structure.size.range == 0..<message.count, "message span \(structure.size.range) for \(message.count) bytes")
    for (index, part) in structure.parts.enumerated() {
        check(part.header, message)
        check(part.body, message)
        fuzzCheck(part.header.range.upperBound == part.body.range.lowerBound, "part \(index): header does not meet body")
    }
}

private func check(_ span: ByteSpan, _ message: [UInt8]) {
    fuzzCheck(span.range.lowerBound >= 0 && span.range.upperBound <= message.count, "span \(span.range) outside message")
    var lines = 0
    var bare = 0
    for offset in span.range where message[offset] == lineFeed {
        lines += 1
        if offset == 0 || message[offset - 1] != carriageReturn { bare += 1 }
    }
    fuzzCheck(span.lines == lines && span.bareLineFeeds == bare,
              "span \(span.range): \(span.lines)/\(span.bareLineFeeds) line feeds, counted \(lines)/\(bare)")
}

private func checkRoundTrip(_ structure: MessageStructure) -> [UInt8] {
    let serialized = structure.serialized()
    do {
        let decoded = try MessageStructure(serialized: serialized)
        fuzzCheck(decoded == structure, "serialized structure read back different")
        fuzzCheck(decoded.serialized() == serialized, "serialized twice differently")
    } catch {
        fatalError("the parser's structure does not read back: \(error)")
    }
    return serialized
}

/// Walks the tree by RFC 9051 §6.4.5 part numbers, as `partIndex(at:)` must resolve them.
private func checkSections(_ structure: MessageStructure) {
    let parts = structure.parts
    func visitMessage(_ message: Int, _ path: [Int]) {
        if case .multipart(let children) = parts[message].content {
            for (offset, child) in children.enumerated() { visit(child, path + [offset + 1]) }
            expectNothing(path + [children.count + 1])
        } else {
            visit(message, path + [1])
            expectNothing(path + [2])
        }
    }
    func visit(_ index: Int, _ path: [Int]) {
        fuzzCheck(structure.partIndex(at: path) == index, "\(path) does not name part \(index)")
        fuzzCheck(structure.span(of: BodySection(part: path)) == parts[index].body, "\(path): content span")
        fuzzCheck(structure.span(of: BodySection(part: path, text: .mime)) == parts[index].header, "\(path).MIME")
        switch parts[index].content {
        case .multipart(let children):
            for (offset, child) in children.enumerated() { visit(child, path + [offset + 1]) }
            expectNothing(path + [children.count + 1])
            expectNoMessageSections(path)
        case .encapsulatedMessage(let message):
            fuzzCheck(structure.span(of: BodySection(part: path, text: .header)) == parts[message].header, "\(path).HEADER")
            fuzzCheck(structure.span(of: BodySection(part: path, text: .text)) == parts[message].body, "\(path).TEXT")
            if index != message { visitMessage(message, path) }
        case .single:
            expectNothing(path + [1])
            expectNoMessageSections(path)
        }
    }
    func expectNothing(_ path: [Int]) {
        fuzzCheck(structure.partIndex(at: path) == nil, "\(path) names a part past the last")
    }
    func expectNoMessageSections(_ path: [Int]) {
        fuzzCheck(structure.span(of: BodySection(part: path, text: .header)) == nil, "\(path).HEADER of a non-message")
    }
    fuzzCheck(structure.span(of: BodySection(text: .header)) == parts[0].header, "HEADER")
    fuzzCheck(structure.span(of: BodySection(text: .text)) == parts[0].body, "TEXT")
    fuzzCheck(structure.span(of: BodySection(text: .mime)) == nil, "MIME without a part number")
    fuzzCheck(structure.partIndex(at: [0]) == nil, "part 0")
    visitMessage(0, [])
    fuzzCheck(leaves(structure.bodyStructure) == parts.filter { $0.content == .single }.count,
              "BODYSTRUCTURE leaves differ from the tree's")
}

private func leaves(_ body: BodyStructure) -> Int {
    switch body {
    case .multipart(let multipart): multipart.parts.map(leaves).reduce(0, +)
    case .singlepart(let part):
        if case .message(_, let inner, _) = part.kind { leaves(inner) } else { 1 }
    }
}

/// The same message stored with CRLF everywhere must have the same structure, with CRLF sizes as offsets.
private func checkLineEnds(_ structure: MessageStructure, _ message: [UInt8]) {
    guard message.count < MIMELimits.maximumHeaderBytes / 2 else { return }  // the header byte limit counts octets
    var crlf: [UInt8] = []
    for (offset, byte) in message.enumerated() {
        if byte == lineFeed, offset == 0 || message[offset - 1] != carriageReturn { crlf.append(carriageReturn) }
        crlf.append(byte)
    }
    let other = MessageStructure(parsing: crlf)
    fuzzCheck(MessageStructure(parsingIntoCRLFForm: message) == other, "parsed into its CRLF form, not the CRLF form's structure")
    fuzzCheck(other.parts.count == structure.parts.count, "CRLF form has \(other.parts.count) parts, not \(structure.parts.count)")
    fuzzCheck(other.size.count == structure.size.crlfSize, "CRLF size")
    for (lf, wire) in zip(structure.parts, other.parts) {
        fuzzCheck(lf.fields == wire.fields && lf.content == wire.content && lf.envelope == wire.envelope,
                  "CRLF form reads differently")
        fuzzCheck(lf.header.crlfSize == wire.header.count && lf.body.crlfSize == wire.body.count
                  && lf.body.lines == wire.body.lines, "CRLF form's spans are not the CRLF sizes")
    }
}

private func checkHeader(_ structure: MessageStructure, _ message: [UInt8]) {
    let header = MessageHeader(parsing: message)
    fuzzCheck(header.size == structure.message.header.count, "header size \(header.size), parser \(structure.message.header.count)")
    fuzzCheck(Envelope(header: header) == structure.envelope, "MessageHeader's envelope differs from the parser's")
    for field in header.fields {
        fuzzCheck(field.lines.upperBound <= header.size, "field \(field.name) past the header")
        _ = field.decodedValue
    }
    let selected = header.selectedLines(["subject", "from"], from: message)
    fuzzCheck(selected.suffix(2) == [carriageReturn, lineFeed], "HEADER.FIELDS does not end with the empty line")
}

private func exerciseDecoding(_ structure: MessageStructure, _ message: [UInt8]) {
    for index in structure.parts.indices {
        let fields = structure.parts[index].fields
        if let text = structure.text(ofPart: index, in: message) { _ = SearchFolding.fold(text) }
        _ = fields.contentType.parameters.decodedValue(named: "name", fallback: Charset("gb2312"))
        _ = fields.contentDisposition?.parameters.decodedValue(named: "filename")
        _ = structure.parts[index].envelope?.decodedSubject
        _ = structure.parts[index].envelope?.from.map(\.decodedName)
    }
    checkSearchTexts(structure, message)
}

private func checkSearchTexts(_ structure: MessageStructure, _ message: [UInt8]) {
    let sources = structure.searchTextSources
    let texts = structure.texts(of: sources, in: message)
    fuzzCheck(structure.bodyTextSources.allSatisfy { sources.contains($0) }, "a BODY source that TEXT does not search")
    fuzzCheck(sources.count == texts.count, "\(sources.count) body text sources for \(texts.count) texts")
    let choice = message.prefix(8).reduce(message.count) { $0 &* 31 &+ Int($1) } & Int(Int32.max)
    for (source, text) in zip(sources, texts) {
        let folded = structure.foldedText(source, in: message)
        fuzzCheck(folded.bytes == Array(SearchFolding.fold(text).utf8), "\(source): folded octets differ from fold")
        let scalars = Array(text.unicodeScalars)
        var keys = [String(decoding: message.suffix(1 + choice % 6), as: UTF8.self)]
        if !scalars.isEmpty {
            let start = choice % scalars.count
            let end = min(scalars.count, start + 1 + choice % 7)
            keys.append(String(String.UnicodeScalarView(scalars[start..<end])))
        }
        for key in keys {
            fuzzCheck(SearchPattern(key).matches(folded) == SearchFolding.contains(text, key),
                      "\(source): octet match of \(Array(key.unicodeScalars)) differs from String.contains")
        }
    }
}

private func checkDamaged(_ serialized: [UInt8], seed: [UInt8]) {
    guard !serialized.isEmpty else { return }
    let choice = seed.prefix(4).reduce(seed.count) { $0 &* 31 &+ Int($1) }
    var damaged = serialized
    damaged[abs(choice % damaged.count)] ^= UInt8(truncatingIfNeeded: choice >> 8) | 1
    checkDecodes(damaged)
    checkDecodes(Array(serialized.prefix(abs(choice % serialized.count))))
}

private func checkSerializedInput(_ input: [UInt8]) {
    checkDecodes(input)
    checkDecodes([0x4D, 0x53, 0x01] + input)
}

/// Bytes that read as a structure must be exactly that structure's serialized form, and usable.
private func checkDecodes(_ bytes: [UInt8]) {
    guard let decoded = try? MessageStructure(serialized: bytes) else { return }
    fuzzCheck(decoded.serialized() == bytes, "a decoded structure serializes differently")
    _ = decoded.bodyStructure
    checkSections(decoded)
}

runLibFuzzer(fuzzMIME)
