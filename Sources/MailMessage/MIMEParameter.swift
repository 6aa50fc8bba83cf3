/// One parameter of a Content-Type or Content-Disposition field (RFC 2045 §5.1, RFC 2183 §2), as BODYSTRUCTURE
/// lists it (RFC 9051 §7.5.2 body-fld-param): the value unquoted, RFC 2231 §3 continuations joined into one
/// parameter, and an RFC 2231 §4 extended value kept in its encoded `charset'language'percent-encoded` form under
/// the name with its trailing `*` (`filename*`). ``Swift/Array/decodedValue(named:fallback:)`` gives the text.
public struct MIMEParameter: Hashable, Sendable {
    /// The attribute as written (`charset`, `filename*`); compare it without case.
    public var name: String
    /// The value, undecoded.
    public var value: ByteString

    public init(name: String, value: ByteString) {
        self.name = name
        self.value = value
    }
}

extension Array where Element == MIMEParameter {
    /// The value of the first parameter called `name` (without case), undecoded.
    public func value(named name: String) -> ByteString? {
        let lowercaseName = ASCII.lowercased(name)
        return first { ASCII.equalsIgnoringCase($0.name.utf8, lowercaseName.utf8) }?.value
    }

    /// The text of parameter `name`: the RFC 2231 extended form (`name*`) when there is one, converted from its
    /// charset; else the plain value with any RFC 2047 encoded words decoded (which Outlook and Foxmail put in
    /// quoted file names though RFC 2047 §5 forbids it), raw 8-bit octets read as UTF-8 or as `fallback`.
    public func decodedValue(named name: String, fallback: Charset? = nil) -> String? {
        if let extended = value(named: name + "*") { return RFC2231.decodeExtendedValue(extended.bytes) }
        return value(named: name).map { HeaderDecoding.decode($0, fallback: fallback) }
    }
}
