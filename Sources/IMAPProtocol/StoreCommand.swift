/// STORE's arguments (RFC 9051 §6.4.6, §9 `store`): replace, add or remove flags, with or without the
/// untagged FETCH of the new flags (`.SILENT`).
///
///     store           = "STORE" SP sequence-set SP store-att-flags
///     store-att-flags = (["+" / "-"] "FLAGS" [".SILENT"]) SP (flag-list / (flag *(SP flag)))
public struct StoreCommand: Hashable, Sendable {
    /// `FLAGS`, `+FLAGS` or `-FLAGS`.
    public enum Operation: Hashable, Sendable {
        case replace
        case add
        case remove
    }

    public var sequence: SequenceSet
    public var operation: Operation
    /// `.SILENT`: no untagged FETCH of the resulting flags.
    public var silent: Bool
    /// The flags; may be empty (`FLAGS ()` clears them all).
    public var flags: [Flag]
    /// `UID STORE`.
    public var byUID: Bool

    public init(sequence: SequenceSet, operation: Operation, silent: Bool = false, flags: [Flag], byUID: Bool = false) {
        self.sequence = sequence
        self.operation = operation
        self.silent = silent
        self.flags = flags
        self.byUID = byUID
    }
}

// MARK: - Encoding

extension StoreCommand.Operation: CustomStringConvertible {
    /// `FLAGS`, `+FLAGS`, `-FLAGS`.
    public var description: String {
        switch self {
        case .replace: "FLAGS"
        case .add: "+FLAGS"
        case .remove: "-FLAGS"
        }
    }
}
