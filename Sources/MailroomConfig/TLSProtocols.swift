/// The TLS versions a connection may use: Postfix's `smtp_tls_protocols`,
/// `smtp_tls_mandatory_protocols` and the `protocols=` attribute of `smtp_tls_policy_maps`.
///
/// Postfix writes them as a list (separated by white space, commas or colons) of `>=VERSION`,
/// `<=VERSION`, `!VERSION` (excluded) and `VERSION` (included: when any is, the others are out),
/// as OpenSSL names the versions: `SSLv2`, `SSLv3`, `TLSv1`, `TLSv1.1`, `TLSv1.2`, `TLSv1.3`.
/// SSLv2 and SSLv3 are never offered, whatever the list says.
public struct TLSProtocols: Sendable, Hashable {
    /// A TLS version, in order.
    public enum Version: Int, Sendable, Hashable, Comparable, CaseIterable {
        case tls1_0, tls1_1, tls1_2, tls1_3

        public static func < (left: Version, right: Version) -> Bool { left.rawValue < right.rawValue }
    }

    /// The oldest version offered.
    public let minimum: Version
    /// The newest version offered.
    public let maximum: Version

    public init(minimum: Version, maximum: Version) {
        self.minimum = minimum
        self.maximum = maximum
    }

    /// Postfix 3.6's default for both settings, `>=TLSv1`.
    public static let postfixDefault = TLSProtocols(minimum: .tls1_0, maximum: .tls1_3)

    /// The versions `text` allows. A list that leaves a gap (`!TLSv1.1` alone) offers the versions
    /// below the gap, as OpenSSL, which Postfix hands the list to, does; one that allows none is
    /// an error.
    static func parse(_ text: String) throws(ValueError) -> TLSProtocols {
        var included: Set<Version> = []
        var namesSSL = false
        var allowed = Set(Version.allCases)
        for item in text.split(whereSeparator: { " \t,:".contains($0) }) {
            let (bound, name) = item.hasPrefix(">=") || item.hasPrefix("<=") ? (String(item.prefix(2)), item.dropFirst(2))
                : item.hasPrefix("!") ? ("!", item.dropFirst()) : ("", item[...])
            // nil for SSLv2 and SSLv3, which mailroom never offers.
            let version: Version?
            switch name.lowercased() {
            case "sslv2", "sslv3": version = nil
            case "tlsv1": version = .tls1_0
            case "tlsv1.1": version = .tls1_1
            case "tlsv1.2": version = .tls1_2
            case "tlsv1.3": version = .tls1_3
            default:
                throw ValueError(item, "is not a TLS protocol (SSLv2, SSLv3, TLSv1, TLSv1.1, TLSv1.2 or TLSv1.3, after !, >= or <=)")
            }
            switch bound {
            case ">=": if let version { allowed = allowed.filter { $0 >= version } }
            case "<=": allowed = version.map { version in allowed.filter { $0 <= version } } ?? []
            case "!": if let version { allowed.remove(version) }
            default: if let version { included.insert(version) } else { namesSSL = true }
            }
        }
        if !included.isEmpty || namesSSL { allowed.formIntersection(included) }
        guard let lowest = allowed.min() else { throw ValueError(text, "allows no TLS protocol mailroom can use (TLSv1 to TLSv1.3)") }
        var highest = lowest
        while let next = Version(rawValue: highest.rawValue + 1), allowed.contains(next) { highest = next }
        return TLSProtocols(minimum: lowest, maximum: highest)
    }
}
