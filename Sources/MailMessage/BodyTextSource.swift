/// One of the texts SEARCH TEXT looks through in a message's body (see ``MessageStructure/searchTextSources``), by
/// part index; SEARCH BODY looks through the `text` ones only (``MessageStructure/bodyTextSources``).
public enum BodyTextSource: Hashable, Sendable {
    /// The header of an encapsulated message, decoded, one `Name: value` line per field.
    case header(Int)
    /// A text/* leaf, transfer encoding undone and charset converted.
    case text(Int)
}
