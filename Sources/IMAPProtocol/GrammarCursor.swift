/// Why a grammar function stopped. `incomplete` is not an error of the client's: the bytes ran out where
/// more were due (the framer asks for a prefix whose literal has not arrived yet).
enum GrammarError: Error, Equatable {
    case incomplete
    /// Text for the client, naming what was expected; never the client's own bytes.
    case invalid(String)
    /// Nesting deeper than ``IMAPLimits/searchDepth``.
    case tooDeep
}

/// A read position in one framed command: its lines with their literals' octets in place (`{5}` CRLF
/// `hello`), as the framer collected them. Cheap to copy; a parse function that may fail restores the
/// cursor by keeping the copy it started from. Every function below implements the ABNF rule in its
/// comment (RFC 9051 §9).
struct GrammarCursor {
    let bytes: [UInt8]
    var index: Int
    /// Remaining nesting allowed (search keys).
    var depthBudget: Int

    init(_ bytes: [UInt8], depthBudget: Int = 256) {
        self.bytes = bytes
        self.index = 0
        self.depthBudget = depthBudget
    }

    var isAtEnd: Bool { index >= bytes.count }
    var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

    func peek(at offset: Int) -> UInt8? {
        index + offset < bytes.count ? bytes[index + offset] : nil
    }

    /// Consumes `byte` if it is next.
    mutating func take(_ byte: UInt8) -> Bool {
        guard peek == byte else { return false }
        index += 1
        return true
    }

    /// Consumes `byte` or fails with `message`.
    mutating func expect(_ byte: UInt8, _ message: @autoclosure () -> String) throws(GrammarError) {
        guard let next = peek else { throw .incomplete }
        guard next == byte else { throw .invalid(message()) }
        index += 1
    }

    /// `SP`: exactly one space.
    mutating func space() throws(GrammarError) {
        try expect(UInt8(ascii: " "), "Expected a space")
    }

    /// The command's end: CRLF (a bare LF is forgiven, as Dovecot forgives it) and nothing after it.
    mutating func endOfCommand() throws(GrammarError) {
        _ = take(13)
        guard let next = peek else { throw .incomplete }
        guard next == 10, index + 1 == bytes.count else { throw .invalid("Unexpected text after the command") }
        index += 1
    }

    /// True at CRLF or LF.
    var atLineEnd: Bool { peek == 10 || (peek == 13 && peek(at: 1) == 10) }

    /// Consumes `text` (ASCII), ignoring case, when it is next and not followed by another atom char.
    mutating func takeWord(_ text: String) -> Bool {
        var probe = index
        for expected in text.utf8 {
            guard probe < bytes.count, Self.upper(bytes[probe]) == expected else { return false }
            probe += 1
        }
        if probe < bytes.count, IMAPString.isAtomChar(bytes[probe]), bytes[probe] != UInt8(ascii: "[") { return false }
        index = probe
        return true
    }

    /// Consumes bytes while `predicate` holds.
    @discardableResult
    mutating func take(while predicate: (UInt8) -> Bool) -> ArraySlice<UInt8> {
        let start = index
        while index < bytes.count, predicate(bytes[index]) { index += 1 }
        return bytes[start..<index]
    }

    /// The upper-case ASCII form of a run of bytes, for keyword tables.
    static func keyword(_ bytes: ArraySlice<UInt8>) -> String {
        String(decoding: bytes.map(upper), as: UTF8.self)
    }

    static func upper(_ byte: UInt8) -> UInt8 {
        (97...122).contains(byte) ? byte - 32 : byte
    }

    /// Runs `body` one nesting level deeper, failing once the budget is spent.
    mutating func nested<T>(_ body: (inout GrammarCursor) throws(GrammarError) -> T) throws(GrammarError) -> T {
        guard depthBudget > 0 else { throw .tooDeep }
        depthBudget -= 1
        defer { depthBudget += 1 }
        return try body(&self)
    }
}
