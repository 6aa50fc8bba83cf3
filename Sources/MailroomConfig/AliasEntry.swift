/// One `name: value, value, ...` entry of an aliases(5) file.
public struct AliasEntry: Hashable, Sendable, CustomStringConvertible {
    /// The local name, quotes removed and lower-cased (postalias(1) folds keys to lower case).
    public let name: String
    /// The destinations, in file order; never empty.
    public let values: [AliasValue]
    /// The file the entry was read from.
    public let file: String
    /// The physical line where the entry starts (1-based).
    public let line: Int

    /// Makes an entry; `name` is lower-cased.
    public init(name: String, values: [AliasValue], file: String, line: Int) {
        self.name = name.lowercased()
        self.values = values
        self.file = file
        self.line = line
    }

    /// `name: value, value`, as it could be written back.
    public var description: String {
        let special = name.unicodeScalars.contains(where: {
            $0 == ":" || $0 == "\"" || $0 == "," || $0 == "#" || $0 == "\\" || AliasSyntax.isWhiteSpace($0)
        })
        return (special ? AliasValue.quoted(name) : name) + ": " + values.map(\.description).joined(separator: ", ")
    }
}
