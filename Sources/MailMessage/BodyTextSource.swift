/// One of the texts SEARCH BODY looks through (see ``MessageStructure/bodyTextSources``), by part index.
public enum BodyTextSource: Hashable, Sendable {
    /// The header of an encapsulated message, decoded, one `Name: value` line per field.
    case header(Int)
    /// A text/* leaf, transfer encoding undone and charset converted.
    case text(Int)
}
