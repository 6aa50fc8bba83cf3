/// One of the texts SEARCH TEXT looks through in a message's body (see ``MessageStructure/searchTextSources``), by
/// part index; SEARCH BODY looks through the `text` ones only (``MessageStructure/bodyTextSources``).
public enum BodyTextSource: Hashable, Sendable {
    /// The header section of a part, decoded, one `Name: value` line per field: an encapsulated message's
    /// header, or a body part's MIME header.
    case header(Int)
    /// A text/* leaf, transfer encoding undone and charset converted.
    case text(Int)
}
