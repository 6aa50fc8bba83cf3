/// One field of a header section (RFC 5322 §2.2, §3.6): its name as written, its value unfolded (§2.2.3) with
/// the white space after the colon removed, and where its lines lie in the bytes it was read from.
public struct HeaderField: Hashable, Sendable {
    /// The field name as written (`Subject`, `content-type`); compare it without case.
    public var name: String
    /// The field body unfolded, undecoded: encoded words and raw 8-bit octets as the message has them.
    public var value: ByteString
    /// The field's lines, from its name through the line end of its last continuation line, as offsets into
    /// the bytes the header was read from (what FETCH BODY[HEADER.FIELDS] copies).
    public var lines: Range<Int>

    public init(name: String, value: ByteString, lines: Range<Int>) {
        self.name = name
        self.value = value
        self.lines = lines
    }

    /// True when the field is called `name`, compared without case (RFC 5322 §1.2.2).
    public func isNamed(_ name: String) -> Bool {
        ASCII.equalsIgnoringCase(self.name.utf8, ASCII.lowercased(name).utf8)
    }

    /// The value with RFC 2047 encoded words decoded and converted to UTF-8 (see ``HeaderDecoding``).
    public var decodedValue: String { HeaderDecoding.decode(value) }
}
