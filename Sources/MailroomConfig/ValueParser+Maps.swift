/// Settings whose elements name files or servers.
extension ValueParser {
    /// Postfix map types whose source is an aliases(5) text file that mailroom can read directly.
    static let fileMapTypes = ["hash", "lmdb", "btree", "dbm", "cdb", "texthash"]

    /// `alias_maps`: alias files, with Postfix's `TYPE:` prefix of the compiled form stripped,
    /// since mailroom reads the text source (`hash:/etc/aliases` is `/etc/aliases`).
    static func aliasMaps(_ text: String) throws(ValueError) -> [String] {
        var paths: [String] = []
        for element in list(text) {
            var path = Substring(element)
            if let colon = element.firstIndex(of: ":"), element[..<colon].allSatisfy(MainCF.isNameCharacter) {
                let type = element[..<colon].lowercased()
                guard fileMapTypes.contains(type) else {
                    let known = fileMapTypes.joined(separator: ", ")
                    throw ValueError(element, "is a \"\(type)\" map, which mailroom does not read (only alias files: \(known))")
                }
                path = element[element.index(after: colon)...]
            }
            guard !path.isEmpty else { throw ValueError(element, "names no file") }
            paths.append(String(path))
        }
        return paths
    }

    /// `smtp_tls_verify_cert_match` and `smtp_tls_secure_cert_match`: `hostname`, `nexthop`,
    /// `dot-nexthop`, host names, and `.domain` for any name under a domain; lower-cased.
    static func certificateMatch(_ text: String) throws(ValueError) -> [String] {
        var names: [String] = []
        for element in list(text) {
            let name = element.lowercased()
            let bare = name.hasPrefix(".") ? String(name.dropFirst()) : name
            guard ["hostname", "nexthop", "dot-nexthop"].contains(name) || (try? hostName(bare)) != nil else {
                throw ValueError(element, "is not hostname, nexthop, dot-nexthop, a host name or .domain")
            }
            names.append(name)
        }
        guard !names.isEmpty else { throw ValueError(text, "names no certificate name") }
        return names
    }

    /// `resolver`: DNS servers, each normalised to `host:port` (`[v6]:port`), port 53 when not written.
    static func resolvers(_ text: String) throws(ValueError) -> [String] {
        var servers: [String] = []
        for element in list(text) {
            servers.append(try HostAndPort.parse(element).formatted(defaultPort: 53))
        }
        return servers
    }
}
