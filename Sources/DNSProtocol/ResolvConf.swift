import MailCore

/// The parts of `/etc/resolv.conf` (resolv.conf(5), glibc) a stub resolver needs.
///
/// Parsing is pure and total: unknown keywords and malformed values are skipped, as glibc does,
/// so a hand-edited file never stops the mail server from starting.
public struct ResolvConf: Hashable, Sendable {
    /// glibc's MAXNS: only the first three `nameserver` lines count.
    public static let maximumServers = 3

    /// Servers in file order; `127.0.0.1:53` when the file names none (glibc behaviour).
    public var servers: [DNSServerAddress]
    /// `options timeout:N`, seconds per try (glibc default 5, capped at 30).
    public var timeoutSeconds: Int = 5
    /// `options attempts:N`, rounds over all servers (glibc default 2, capped at 5).
    public var attempts: Int = 2
    /// `options ndots:N` (default 1, capped at 15); kept for completeness, mailroom looks up FQDNs.
    public var ndots: Int = 1
    /// The `search` list, or the single `domain`; the last of the two lines wins (resolv.conf(5)).
    public var searchDomains: [DNSName] = []

    /// Parses the file's text. Comments start with `#` or `;` in the first column or after a value.
    public init(text: String) {
        self.servers = []
        var servers: [DNSServerAddress] = []
        for rawLine in text.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" }) {
            let line = rawLine.prefix { $0 != "#" && $0 != ";" }
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })
            guard let keyword = words.first else { continue }
            let values = words.dropFirst()
            switch keyword {
            case "nameserver":
                // An IPv6 nameserver may carry a zone (`fe80::1%eth0`); the zone is dropped here
                // because `IPAddress` has no scope, so link-local servers need a transport that knows it.
                guard servers.count < ResolvConf.maximumServers, let value = values.first,
                    let host = IPAddress(String(value.prefix { $0 != "%" }))
                else { continue }
                servers.append(DNSServerAddress(host: host))
            case "domain":
                searchDomains = values.first.flatMap { DNSName(String($0)) }.map { [$0] } ?? []
            case "search":
                searchDomains = values.compactMap { DNSName(String($0)) }
            case "options":
                for option in values { apply(option: option) }
            default:
                continue
            }
        }
        self.servers = servers.isEmpty ? [.localhost] : servers
    }

    /// Applies one `options` word, clamping as glibc's res_init does.
    private mutating func apply(option: Substring) {
        let parts = option.split(separator: ":", maxSplits: 1)
        guard parts.count == 2, let value = Int(parts[1]), value >= 0 else { return }
        switch parts[0] {
        case "timeout": timeoutSeconds = max(1, min(value, 30))
        case "attempts": attempts = max(1, min(value, 5))
        case "ndots": ndots = min(value, 15)
        default: return
        }
    }
}
