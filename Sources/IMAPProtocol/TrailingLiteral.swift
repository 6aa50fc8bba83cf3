/// A literal announced at the end of a line: `{n}`, `{n+}`, `~{n}` or `~{n+}` immediately before the line
/// end (RFC 9051 §4.3: a line that ends so is continued by n octets and then more of the command; RFC
/// 7888 has the receiver check the end of every line for it).
struct TrailingLiteral: Equatable {
    /// Index of the `{` (or `~`) in the scanned bytes.
    var start: Int
    /// The announced size; nil when it is too large to represent (more than 18 digits), which every
    /// limit refuses.
    var size: Int?
    /// `{n+}` (LITERAL+/LITERAL-, RFC 7888): the octets follow without a continuation request.
    var nonSynchronizing: Bool
    /// `~{n}` (literal8, RFC 3516 §4.4).
    var binary: Bool

    /// The announcement `line` ends with, if any. `line` ends with LF (CR before it optional). When
    /// `truncated`, `line` is only the tail of a longer line: a run of digits reaching its start is then
    /// taken as an announcement too large to represent, never as the absence of one, so that a refused
    /// line's literal octets are never read as commands.
    static func find(in line: ArraySlice<UInt8>, truncated: Bool = false) -> TrailingLiteral? {
        var end = line.endIndex
        guard end > line.startIndex, line[end - 1] == 10 else { return nil }
        end -= 1
        if end > line.startIndex, line[end - 1] == 13 { end -= 1 }
        guard end > line.startIndex, line[end - 1] == UInt8(ascii: "}") else { return nil }
        end -= 1
        let nonSynchronizing = end > line.startIndex && line[end - 1] == UInt8(ascii: "+")
        if nonSynchronizing { end -= 1 }
        var digitsStart = end
        while digitsStart > line.startIndex, line[digitsStart - 1].isASCIIDigit { digitsStart -= 1 }
        if digitsStart == line.startIndex, truncated, digitsStart < end {
            return TrailingLiteral(start: line.startIndex, size: nil, nonSynchronizing: nonSynchronizing, binary: false)
        }
        guard digitsStart < end, digitsStart > line.startIndex, line[digitsStart - 1] == UInt8(ascii: "{") else {
            return nil
        }
        let brace = digitsStart - 1
        let binary = brace > line.startIndex && line[brace - 1] == UInt8(ascii: "~")
        let digits = line[digitsStart..<end]
        let size = digits.count <= 18 ? digits.reduce(0) { $0 * 10 + Int($1 - 48) } : nil
        return TrailingLiteral(start: binary ? brace - 1 : brace, size: size, nonSynchronizing: nonSynchronizing,
                               binary: binary)
    }
}
