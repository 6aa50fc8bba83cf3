/// One `DOMAIN=ZONEFILE` pair of `dns_zones`: a zone served authoritatively from a BIND zone file.
public struct DNSZoneSetting: Hashable, Sendable {
    /// The zone's origin, lower-cased, without a trailing dot.
    public var domain: String
    /// The zone file's path, as written.
    public var file: String

    /// Makes a zone setting.
    public init(domain: String, file: String) {
        self.domain = domain
        self.file = file
    }

    // dns-zones = *(domain "=" path [list-separator])
    static func parseList(_ text: String) throws(ValueError) -> [DNSZoneSetting] {
        var zones: [DNSZoneSetting] = []
        for element in ValueParser.list(text) {
            guard let equals = element.firstIndex(of: "=") else {
                throw ValueError(element, "is not DOMAIN=ZONEFILE")
            }
            var domain = String(element[..<equals])
            if domain.hasSuffix(".") { domain.removeLast() }
            let file = String(element[element.index(after: equals)...])
            guard (try? ValueParser.hostName(domain)) != nil, !file.isEmpty else {
                throw ValueError(element, "is not DOMAIN=ZONEFILE")
            }
            zones.append(DNSZoneSetting(domain: domain.lowercased(), file: file))
        }
        return zones
    }
}
