/// A Content-Transfer-Encoding (RFC 2045 §6.1), for decoding a part's content.
public enum TransferEncoding: Hashable, Sendable {
    case sevenBit
    case eightBit
    case binary
    /// RFC 2045 §6.7.
    case quotedPrintable
    /// RFC 2045 §6.8.
    case base64
    /// An x-token or an encoding this module does not know, lowercased; its content is passed through.
    case other(String)

    /// The encoding a Content-Transfer-Encoding value names, without case.
    public init(_ label: ByteString) {
        switch ASCII.lowercased(label.description) {
        case "7bit": self = .sevenBit
        case "8bit": self = .eightBit
        case "binary": self = .binary
        case "quoted-printable": self = .quotedPrintable
        case "base64": self = .base64
        case let other: self = .other(other)
        }
    }

    /// True for the identity encodings, the only ones allowed on a composite type (RFC 2045 §6.4): content that
    /// is read as it stands.
    public var isIdentity: Bool {
        switch self {
        case .sevenBit, .eightBit, .binary: true
        case .quotedPrintable, .base64, .other: false
        }
    }

    /// `content` decoded: quoted-printable and base64 undone, leniently (see ``TransferDecoding``); the identity
    /// encodings and unknown ones returned as they are.
    public func decode(_ content: some Collection<UInt8>) -> [UInt8] {
        switch self {
        case .quotedPrintable: TransferDecoding.quotedPrintable(content)
        case .base64: TransferDecoding.base64(content)
        case .sevenBit, .eightBit, .binary, .other: Array(content)
        }
    }
}
