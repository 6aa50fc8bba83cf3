/// The outcome of checking a request's TSIG record (RFC 8945 §5.2).
public enum TSIGVerification: Sendable {
    /// The request carries no TSIG record; policy decides whether that is acceptable.
    case unsigned
    /// The MAC and time are valid; sign the response(s) with the signer.
    case verified(TSIGResponseSigner)
    /// The request must be refused with the error response the rejection builds.
    case rejected(TSIGRejection)
}
