import MailCore

/// A recursive name server to send queries to: an IP address and a port (RFC 1035 §4.2, port 53).
public struct DNSServerAddress: Hashable, Sendable, CustomStringConvertible {
    /// The well-known DNS port (RFC 1035 §4.2.1, §4.2.2).
    public static let defaultPort: UInt16 = 53

    /// The server's address; IPv4 or IPv6.
    public var host: IPAddress
    /// UDP and TCP port (RFC 1035 §4.2.1, §4.2.2).
    public var port: UInt16

    /// A server at `host`, on port 53 unless told otherwise (RFC 1035 §4.2).
    public init(host: IPAddress, port: UInt16 = DNSServerAddress.defaultPort) {
        self.host = host
        self.port = port
    }

    /// glibc's fallback when resolv.conf names no server: the local resolver on 127.0.0.1:53.
    public static let localhost = DNSServerAddress(host: IPAddress("127.0.0.1")!)

    /// Parses one entry of mailroom's `resolver` setting: `192.0.2.1`, `192.0.2.1:5353`,
    /// `2001:db8::1`, or `[2001:db8::1]:5353` (brackets as in RFC 3986 §3.2.2, since a bare IPv6
    /// address already contains colons). Host names are rejected: resolving them needs DNS.
    public init?(setting text: Substring) {
        let text = text.trimmingSpaces
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"), let host = IPAddress(String(text[text.index(after: text.startIndex)..<close])),
                !host.isIPv4
            else { return nil }
            let rest = text[text.index(after: close)...]
            if rest.isEmpty {
                self.init(host: host)
                return
            }
            guard rest.hasPrefix(":"), let port = UInt16(rest.dropFirst()), port != 0 else { return nil }
            self.init(host: host, port: port)
            return
        }
        if let host = IPAddress(String(text)) {
            self.init(host: host)
            return
        }
        // Exactly one colon: IPv4 with a port. More colons without brackets were tried as IPv6 above.
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let host = IPAddress(String(parts[0])), host.isIPv4,
            let port = UInt16(parts[1]), port != 0
        else { return nil }
        self.init(host: host, port: port)
    }

    /// Parses the whole `resolver` setting: entries separated by commas and/or white space.
    /// Returns `nil` when any entry is invalid, so a typo is reported rather than silently dropped.
    public static func parseList(_ text: String) -> [DNSServerAddress]? {
        var servers: [DNSServerAddress] = []
        for entry in text.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\t" || $0 == "\n" }) {
            guard let server = DNSServerAddress(setting: entry) else { return nil }
            servers.append(server)
        }
        return servers
    }

    /// `192.0.2.1:53` or `[2001:db8::1]:53`.
    public var description: String {
        host.isIPv4 ? "\(host):\(port)" : "[\(host)]:\(port)"
    }
}

extension Substring {
    /// The text without leading and trailing blanks, without pulling in Foundation.
    var trimmingSpaces: Substring {
        var text = self
        while let first = text.first, first == " " || first == "\t" || first == "\r" { text = text.dropFirst() }
        while let last = text.last, last == " " || last == "\t" || last == "\r" { text = text.dropLast() }
        return text
    }
}
