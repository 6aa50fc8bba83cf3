/// Why bytes are not a serialized ``MessageStructure``: the index entry is damaged or from another version,
/// and the message must be parsed again.
public struct StructureDecodingError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of damage; extensible, so callers should not switch over it exhaustively.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let raw: UInt8

        private init(_ raw: UInt8) { self.raw = raw }

        /// The bytes end inside a value.
        public static let truncated = Code(1)
        /// The magic or version is not this module's.
        public static let unsupportedVersion = Code(2)
        /// A value is malformed: a number too long or not in its shortest form, a flag other than 0 or 1,
        /// text that is not UTF-8, a count larger than the bytes left.
        public static let malformedValue = Code(3)
        /// The values do not form a structure the parser could have made: a part list that is not a tree in
        /// pre-order, a span outside its parent or the message, a type that disagrees with the content.
        public static let inconsistent = Code(4)
        /// Bytes remain after the structure.
        public static let trailingBytes = Code(5)

        public var description: String {
            switch raw {
            case 1: "truncated"
            case 2: "unsupported version"
            case 3: "malformed value"
            case 4: "inconsistent structure"
            case 5: "trailing bytes"
            default: "decoding error \(raw)"
            }
        }
    }

    public var code: Code
    /// The offset where the problem was found.
    public var offset: Int

    public init(code: Code, offset: Int) {
        self.code = code
        self.offset = offset
    }

    public var description: String { "message structure \(code) at offset \(offset)" }
}
