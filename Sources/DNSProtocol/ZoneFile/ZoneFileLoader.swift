/// The state of one parse: TTL defaults shared across `$INCLUDE`d files (as in BIND, where
/// `$TTL` belongs to the whole load), the files being read, and the records so far.
struct ZoneFileLoader {
    /// The zone apex, where the SOA must be.
    let apex: DNSName
    let include: ((String) throws -> String)?
    let warning: ((ZoneFileError) -> Void)?
    let maximumIncludeDepth: Int
    /// The `$TTL` value in force, if any.
    var defaultTTL: UInt32?
    /// The TTL of the previous record, used when there is no `$TTL` (RFC 1035 §5.1).
    var lastTTL: UInt32?
    /// The output, in file order.
    var records: [ResourceRecord] = []
    /// The files being read, outermost first, to detect `$INCLUDE` cycles.
    var openFiles: [String] = []

    init(
        apex: DNSName, include: ((String) throws -> String)?, warning: ((ZoneFileError) -> Void)?,
        maximumIncludeDepth: Int, defaultTTL: UInt32?
    ) {
        self.apex = apex
        self.include = include
        self.warning = warning
        self.maximumIncludeDepth = maximumIncludeDepth
        self.defaultTTL = defaultTTL
    }

    /// Reads one file. `$ORIGIN` and owner changes stay inside it (RFC 1035 §5.1: an include
    /// does not change the parent's origin); the owner starts as the includer's, as in BIND.
    mutating func load(text: String, file: String, origin: DNSName, owner: DNSName?) throws(ZoneFileError) {
        openFiles.append(file)
        defer { openFiles.removeLast() }
        var lexer = ZoneLexer(text: text, file: file)
        var origin = origin
        var owner = owner
        while let line = try lexer.nextLine() {
            if !line.ownerIsBlank, let first = line.tokens.first, !first.isQuoted, first.bytes.first == UInt8(ascii: "$") {
                try directive(line, file: file, origin: &origin, owner: owner)
            } else {
                try record(line, file: file, origin: origin, owner: &owner)
            }
        }
    }
}
