/// The data of FETCH BODYSTRUCTURE and BODY (RFC 9051 §7.5.2 `body`; RFC 3501 §7.4.2): a tree of single parts
/// and multiparts with everything the grammar sends, extension data included (BODY leaves it out). The wire
/// form is the IMAP encoder's; this is the data, derived from a ``MessageStructure`` with
/// ``MessageStructure/bodyStructure``.
public indirect enum BodyStructure: Hashable, Sendable {
    /// body-type-1part: basic, text or message/rfc822 (RFC 9051 body-type-basic, body-type-text, body-type-msg).
    case singlepart(SinglePart)
    /// body-type-mpart.
    case multipart(Multipart)
}
