/// Where one header field lies in the bytes: its name, its value after the colon up to the end of its last
/// line, and all of its lines with their line ends.
struct RawHeaderField {
    var name: Range<Int>
    var value: Range<Int>
    var lines: Range<Int>
}

/// Splits a header section into fields, one line at a time (RFC 5322 §2.2): a field starts with a line holding
/// a name and a colon, and continues over the lines that begin with WSP (§2.2.3 folding). White space between
/// the name and the colon is allowed (obs-optional, §4.5.3). A line that is neither (no colon, or a name with
/// spaces or control characters, such as an mbox `From ` line) ends the field before it and is skipped with
/// its continuation lines: garbage never ends the header section, only the empty line does.
///
/// Fields past ``MIMELimits/maximumHeaderFields`` or starting past ``MIMELimits/maximumHeaderBytes`` into the
/// section are skipped, and a value is cut at that byte limit.
struct HeaderFieldScanner {
    private let sectionStart: Int
    private var pending: RawHeaderField?
    private var fieldCount = 0

    init(sectionStart: Int) { self.sectionStart = sectionStart }

    private var byteLimit: Int { sectionStart + MIMELimits.maximumHeaderBytes }

    /// Takes the header line whose content (without line end) is `content` and whose successor starts at
    /// `next`; returns the field that this line completes, if any. The empty line is not a header line.
    mutating func take(_ content: Range<Int>, next: Int, in bytes: UnsafeBufferPointer<UInt8>) -> RawHeaderField? {
        if !content.isEmpty, ASCII.isWhitespace(bytes[content.lowerBound]) {
            if let field = pending {
                let valueEnd = min(content.upperBound, max(byteLimit, field.value.lowerBound))
                pending = RawHeaderField(
                    name: field.name, value: field.value.lowerBound..<valueEnd, lines: field.lines.lowerBound..<next)
            }
            return nil
        }
        let completed = pending
        pending = nil
        guard fieldCount < MIMELimits.maximumHeaderFields, content.lowerBound < byteLimit,
            let (name, colon) = Self.fieldName(content, in: bytes)
        else { return completed }
        fieldCount += 1
        let valueStart = colon + 1
        pending = RawHeaderField(
            name: name, value: valueStart..<min(content.upperBound, max(byteLimit, valueStart)),
            lines: content.lowerBound..<next)
        return completed
    }

    /// The field still open when the header section ends.
    mutating func finish() -> RawHeaderField? {
        defer { pending = nil }
        return pending
    }

    /// The name of a field line, white space before the colon excluded, and the colon's offset; nil when there
    /// is no colon or the name is empty or holds other than printable ASCII.
    private static func fieldName(
        _ content: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>
    ) -> (name: Range<Int>, colon: Int)? {
        var index = content.lowerBound
        while index < content.upperBound, ASCII.isFieldNameCharacter(bytes[index]) { index += 1 }
        let nameEnd = index
        while index < content.upperBound, ASCII.isWhitespace(bytes[index]) { index += 1 }
        guard nameEnd > content.lowerBound, index < content.upperBound, bytes[index] == ASCII.colon else { return nil }
        return (content.lowerBound..<nameEnd, index)
    }

    /// The value of a field unfolded (RFC 5322 §2.2.3: each line end inside it removed, the white space that
    /// follows kept), without the white space that leads it.
    static func unfold(_ value: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var index = value.lowerBound
        while index < value.upperBound, ASCII.isLinearWhitespace(bytes[index]) { index += 1 }
        var unfolded: [UInt8] = []
        unfolded.reserveCapacity(value.upperBound - index)
        while index < value.upperBound {
            let byte = bytes[index]
            if byte == ASCII.lineFeed {
                if unfolded.last == ASCII.carriageReturn { unfolded.removeLast() }
            } else {
                unfolded.append(byte)
            }
            index += 1
        }
        return unfolded
    }
}
