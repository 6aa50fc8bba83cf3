/// Why a DNS message could not be read from the wire (RFC 1035 §4.1), with enough of the header to
/// answer FORMERR (RFC 1035 §4.1.1) under the same ID.
public struct DNSWireError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The class of malformation; extensible, so callers should not switch over it exhaustively.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let raw: UInt8

        private init(_ raw: UInt8) { self.raw = raw }

        /// The message ended before a field or a section count was satisfied.
        public static let truncatedMessage = Code(1)
        /// Octets remain after the last record the header counts announced.
        public static let trailingBytes = Code(2)
        /// A compression pointer that does not point strictly backwards (RFC 1035 §4.1.4).
        public static let badPointer = Code(3)
        /// A label type other than 0b00 (literal) or 0b11 (pointer): 0b01/0b10 (RFC 6891 §5).
        public static let badLabelType = Code(4)
        /// A name longer than 255 octets (RFC 1035 §2.3.4).
        public static let nameTooLong = Code(5)
        /// RDATA whose length does not match its content for a known type.
        public static let badRecordData = Code(6)
        /// An OPT record outside the additional section, duplicated, or not owned by the root (RFC 6891 §6.1.1).
        public static let badOPT = Code(7)
        /// A TSIG record that is not the last additional record, or is duplicated (RFC 8945 §5.1).
        public static let badTSIG = Code(8)

        public var description: String {
            switch raw {
            case 1: "truncated message"
            case 2: "trailing bytes"
            case 3: "bad compression pointer"
            case 4: "bad label type"
            case 5: "name too long"
            case 6: "bad RDATA"
            case 7: "bad OPT record"
            case 8: "bad TSIG record"
            default: "wire error \(raw)"
            }
        }
    }

    public var code: Code
    /// The octet offset where the problem was found.
    public var offset: Int
    /// The message ID, when the 12-octet header was readable, so FORMERR can echo it.
    public var messageID: UInt16?
    /// True when the readable header had QR clear: only queries deserve a FORMERR answer.
    public var isQuery: Bool
    /// The opcode of the readable header, to echo in the FORMERR answer.
    public var opcode: DNSOpcode?

    /// Makes an error; the decoder fills the header fields once the header has been read.
    public init(code: Code, offset: Int, messageID: UInt16? = nil, isQuery: Bool = false, opcode: DNSOpcode? = nil) {
        self.code = code
        self.offset = offset
        self.messageID = messageID
        self.isQuery = isQuery
        self.opcode = opcode
    }

    public var description: String {
        "DNS wire error: \(code) at offset \(offset)" + (messageID.map { " (id \($0))" } ?? "")
    }
}
