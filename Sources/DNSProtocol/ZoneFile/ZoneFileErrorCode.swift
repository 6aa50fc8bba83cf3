extension ZoneFileError {
    /// The category of a zone-file error or warning.
    public enum Code: String, Hashable, Sendable {
        /// A `)` without a matching `(`, or a `(` still open at the end of the file.
        case unbalancedParentheses
        /// A quoted string not closed before the end of its line.
        case unterminatedString
        /// A bad backslash escape: `\DDD` above 255, or a backslash at the end of a line.
        case badEscape
        /// A malformed domain name: empty label, label over 63 octets, name over 255 octets.
        case badName
        /// A TTL or SOA timer that is not a number with optional W/D/H/M/S units, or too large.
        case badTTL
        /// A number field that is not a decimal number or is out of range.
        case badNumber
        /// An A or AAAA address that does not parse.
        case badAddress
        /// A class other than IN.
        case badClass
        /// A record type with no known mnemonic, or a meta-type such as ANY.
        case unknownType
        /// RDATA that is malformed for its type (bad `\#` data, bad CAA tag, string too long...).
        case badRData
        /// A record or directive that ends before a required field.
        case missingField
        /// Text left over after a record or directive is complete.
        case extraField
        /// A line with a blank owner before any owner was set.
        case noOwner
        /// A record without a TTL when none can be inferred (BIND: "no TTL specified").
        case noTTL
        /// A `$` directive this parser does not implement.
        case unknownDirective
        /// `$INCLUDE` failed: not allowed, the loader threw, or nested too deep.
        case includeFailed
        /// `$INCLUDE` of a file already being read.
        case includeCycle
        /// An SOA record whose owner is not the zone apex.
        case soaNotAtApex
        /// Warning: the TTL was taken from the SOA MINIMUM field (RFC 1035 behaviour, BIND warns).
        case ttlFromSOAMinimum
    }
}
