/// Reads a zone in BIND's master-file format (RFC 1035 §5 with BIND's extensions) into records.
///
/// Understands `$TTL` (RFC 2308 §4), `$ORIGIN`, `$INCLUDE file [origin]`, `@`, relative and
/// absolute names, blank owners, TTL and class in either order, parentheses, `;` comments,
/// quoted strings, `\DDD` escapes and RFC 3597 `TYPEnnn`/`CLASSnnn`/`\#` forms. Only class IN
/// is accepted. It does no I/O: `$INCLUDE` text comes from a closure the caller supplies.
///
/// A record without a TTL gets, like BIND: the `$TTL` value; else the last TTL written;
/// else, for an SOA, its MINIMUM field (with a warning); else it is an error.
public struct ZoneFileParser: Sendable {
    /// The zone text.
    public var text: String
    /// The name used in error messages, for example `zones/example.test`.
    public var fileName: String
    /// The initial origin, which is also the zone apex: an SOA must sit here.
    public var origin: DNSName
    /// A `$TTL` in force before the first line (capped at 2^31-1, RFC 2181 §8).
    public var defaultTTL: UInt32?
    /// How deep `$INCLUDE`s may nest; BIND has no small limit, but a bound stops runaway chains.
    public var maximumIncludeDepth: Int

    /// Sets up a parse; nothing is read until `parse(include:warning:)`.
    public init(text: String, fileName: String, origin: DNSName, defaultTTL: UInt32? = nil, maximumIncludeDepth: Int = 10) {
        self.text = text
        self.fileName = fileName
        self.origin = origin
        self.defaultTTL = defaultTTL
        self.maximumIncludeDepth = maximumIncludeDepth
    }

    /// Parses the text, returning the records in file order, included files' records in place.
    ///
    /// - Parameters:
    ///   - include: returns the text of an `$INCLUDE`d file, given its path exactly as written
    ///     (the caller resolves relative paths); any error it throws becomes a `ZoneFileError`
    ///     at the `$INCLUDE` line. Without it, `$INCLUDE` is an error.
    ///   - warning: receives non-fatal findings, in the same `FILE:LINE: message` form.
    /// - Throws: the first `ZoneFileError` found; nothing is returned from a broken zone.
    public func parse(
        include: ((_ path: String) throws -> String)? = nil,
        warning: ((ZoneFileError) -> Void)? = nil
    ) throws(ZoneFileError) -> [ResourceRecord] {
        var loader = ZoneFileLoader(
            apex: origin, include: include, warning: warning, maximumIncludeDepth: maximumIncludeDepth,
            defaultTTL: defaultTTL.map { min($0, ZoneTokenCursor.maximumTTL) })
        try loader.load(text: text, file: fileName, origin: origin, owner: nil)
        return loader.records
    }
}
