/// The ESMTP parameters of `MAIL FROM:` that mailroom implements (RFC 5321 §4.1.1.2, §4.1.2
/// `Mail-parameters`): SIZE (RFC 1870 §4), BODY (RFC 6152 §2, RFC 3030 §3), SMTPUTF8 (RFC 6531 §3.4),
/// RET and ENVID (RFC 3461 §4.3, §4.4) and AUTH (RFC 4954 §5, accepted and ignored).
public struct MailParameters: Hashable, Sendable {
    /// BODY= values (RFC 6152 §2, RFC 3030 §3).
    public enum BodyType: String, Hashable, Sendable {
        case sevenBit = "7BIT"
        case eightBitMIME = "8BITMIME"
        case binaryMIME = "BINARYMIME"
    }

    /// RET= values: what a failure DSN should return (RFC 3461 §4.3).
    public enum DSNReturn: String, Hashable, Sendable {
        case full = "FULL"
        case headers = "HDRS"
    }

    /// SIZE=n, the client's estimate in octets (RFC 1870 §4); saturates at `Int.max`.
    public var size: Int?
    /// BODY=, `nil` when absent (7BIT by default).
    public var body: BodyType?
    /// SMTPUTF8 was given: addresses and headers may carry UTF-8 (RFC 6531 §3.4).
    public var smtpUTF8: Bool
    /// RET=FULL|HDRS (RFC 3461 §4.3).
    public var dsnReturn: DSNReturn?
    /// ENVID=, xtext-decoded (RFC 3461 §4.4).
    public var envelopeID: String?

    /// Parameters with nothing given.
    public init(size: Int? = nil, body: BodyType? = nil, smtpUTF8: Bool = false,
                dsnReturn: DSNReturn? = nil, envelopeID: String? = nil) {
        self.size = size
        self.body = body
        self.smtpUTF8 = smtpUTF8
        self.dsnReturn = dsnReturn
        self.envelopeID = envelopeID
    }
}
