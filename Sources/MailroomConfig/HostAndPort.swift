import MailCore

/// A server address as Postfix writes it: `[host]:port`, `[host]`, `host:port` or `host`,
/// with IPv6 addresses in brackets (`[2001:db8::1]:53`, also `[ipv6:2001:db8::1]`).
struct HostAndPort: Hashable, Sendable {
    var host: String
    var port: Int?
    /// Written in brackets, which in `relayhost` turns the MX look-up off.
    var bracketed: Bool

    // host-and-port = ("[" host "]" / host) [":" port]
    static func parse(_ text: String) throws(ValueError) -> HostAndPort {
        let malformed = ValueError(text, "is not host, host:port or [host]:port")
        var host: Substring
        var portText: Substring?
        var bracketed = false
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { throw malformed }
            host = text[text.index(after: text.startIndex)..<close]
            let rest = text[text.index(after: close)...]
            if !rest.isEmpty {
                guard rest.hasPrefix(":") else { throw malformed }
                portText = rest.dropFirst()
            }
            bracketed = true
            if host.lowercased().hasPrefix("ipv6:") { host = host.dropFirst(5) }
        } else if text.filter({ $0 == ":" }).count > 1 {
            // A bare IPv6 address: it cannot carry a port without brackets.
            host = Substring(text)
        } else if let colon = text.firstIndex(of: ":") {
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
        } else {
            host = Substring(text)
        }
        let hostString = String(host)
        guard IPAddress(hostString) != nil || (try? ValueParser.hostName(hostString)) != nil else { throw malformed }
        var port: Int?
        if let portText {
            guard let number = try? ValueParser.remotePort(String(portText)) else {
                throw ValueError(text, "does not end in a port number (1 to 65535)")
            }
            port = number
        }
        return HostAndPort(host: hostString, port: port, bracketed: bracketed)
    }

    /// `host:port`, with an IPv6 host in brackets, so the text can be split at the last colon.
    func formatted(defaultPort: Int) -> String {
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return "\(shownHost):\(port ?? defaultPort)"
    }
}
