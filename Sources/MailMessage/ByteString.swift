/// Octets of a header value kept exactly as the message has them: the strings of ENVELOPE and BODYSTRUCTURE
/// (RFC 9051 §7.5.2), which IMAP sends undecoded. A header may carry raw 8-bit text in any charset (UTF-8 under
/// RFC 6532, GBK or Big5 from older mailers), so these are bytes, not a `String`; ``description`` reads them as
/// UTF-8 for display, and `HeaderDecoding` turns them into text.
public struct ByteString: Hashable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible,
    CustomDebugStringConvertible
{
    /// The octets.
    public var bytes: [UInt8]

    /// Wraps `bytes`.
    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// Copies `bytes`.
    public init(_ bytes: some Sequence<UInt8>) { self.bytes = Array(bytes) }

    /// The UTF-8 form of `string`.
    public init(_ string: String) { self.bytes = Array(string.utf8) }

    public init(stringLiteral value: String) { self.init(value) }

    /// True when there are no octets.
    public var isEmpty: Bool { bytes.isEmpty }

    /// The number of octets.
    public var count: Int { bytes.count }

    /// The octets read as UTF-8, an ill-formed sequence shown as U+FFFD.
    public var description: String { String(decoding: bytes, as: UTF8.self) }

    public var debugDescription: String { description.debugDescription }
}
