/// The TLS versions a connection may use: Postfix's `smtp_tls_protocols`,
/// `smtp_tls_mandatory_protocols` and the `protocols=` attribute of `smtp_tls_policy_maps`.
///
/// Postfix writes them as a list (separated by white space, commas or colons) of `>=VERSION` and
/// `<=VERSION` bounds, `!NAME` (excluded) and `NAME` (included: when any is, the others are out).
/// Names are OpenSSL's: `SSLv2`, `SSLv3`, `TLSv1`, `TLSv1.1`, `TLSv1.2`, `TLSv1.3`; a bound may also
/// be the protocol number in hexadecimal (`0x0303` or `0303` for TLSv1.2), and an empty bound or
/// `None` is no bound (postconf(5), Postfix 3.6 and later). SSLv2 and SSLv3 are never offered,
/// whatever the list says.
public struct TLSProtocols: Sendable, Hashable {
    /// A TLS version, in order.
    public enum Version: Int, Sendable, Hashable, Comparable, CaseIterable {
        case tls1_0, tls1_1, tls1_2, tls1_3

        public static func < (left: Version, right: Version) -> Bool { left.rawValue < right.rawValue }

        /// The protocol number on the wire: 0x0301 for TLS 1.0 to 0x0304 for TLS 1.3.
        var wireNumber: Int { 0x0301 + rawValue }
    }

    /// The oldest version offered.
    public let minimum: Version
    /// The newest version offered.
    public let maximum: Version

    /// The versions from `minimum` to `maximum`, which must not be older than `minimum`.
    public init(minimum: Version, maximum: Version) {
        precondition(minimum <= maximum, "TLS versions from \(minimum) to \(maximum)")
        self.minimum = minimum
        self.maximum = maximum
    }

    /// Postfix 3.6's default for both settings, `>=TLSv1`.
    public static let postfixDefault = TLSProtocols(minimum: .tls1_0, maximum: .tls1_3)

    /// The versions `text` allows. As in Postfix, the last `>=` and the last `<=` are the bounds. A
    /// list that leaves a gap (`!TLSv1.1` alone) offers the versions below the gap, as OpenSSL, which
    /// Postfix hands the list to, does; one that allows none is an error.
    static func parse(_ text: String) throws(ValueError) -> TLSProtocols {
        var included: Set<Version> = []
        var namesSSL = false
        var excluded: Set<Version> = []
        var floor = 0
        var ceiling = 0
        for item in text.split(whereSeparator: { " \t,:".contains($0) }) {
            if item.hasPrefix(">=") || item.hasPrefix("<=") {
                let number = try boundNumber(item.dropFirst(2), item: item)
                if item.hasPrefix(">=") { floor = number } else { ceiling = number }
                continue
            }
            let isExclusion = item.hasPrefix("!")
            let name = isExclusion ? item.dropFirst() : item[...]
            guard let number = wireNumber(named: name) else {
                throw ValueError(item, "is not a TLS protocol (SSLv2, SSLv3, TLSv1, TLSv1.1, TLSv1.2 or TLSv1.3, "
                                     + "after !, >= or <=)")
            }
            let version = Version(rawValue: number - 0x0301)
            switch (isExclusion, version) {
            case (true, let version?): excluded.insert(version)
            case (false, let version?): included.insert(version)
            case (true, nil): break
            case (false, nil): namesSSL = true
            }
        }
        var allowed = included.isEmpty && !namesSSL ? Set(Version.allCases) : included
        allowed.subtract(excluded)
        allowed = allowed.filter { version in
            (floor == 0 || version.wireNumber >= floor) && (ceiling == 0 || version.wireNumber <= ceiling)
        }
        guard let lowest = allowed.min() else {
            throw ValueError(text, "allows no TLS protocol mailroom can use (TLSv1 to TLSv1.3)")
        }
        var highest = lowest
        while let next = Version(rawValue: highest.rawValue + 1), allowed.contains(next) { highest = next }
        return TLSProtocols(minimum: lowest, maximum: highest)
    }

    /// The protocol number of an OpenSSL name; SSLv2 is 0x0002, SSLv3 0x0300.
    private static func wireNumber(named name: Substring) -> Int? {
        switch name.lowercased() {
        case "sslv2": 0x0002
        case "sslv3": 0x0300
        case "tlsv1": 0x0301
        case "tlsv1.1": 0x0302
        case "tlsv1.2": 0x0303
        case "tlsv1.3": 0x0304
        default: nil
        }
    }

    /// A bound's protocol number: a name, hexadecimal digits with or without `0x`, or 0 for an empty
    /// bound or `None` (no bound).
    private static func boundNumber(_ value: Substring, item: Substring) throws(ValueError) -> Int {
        if value.isEmpty || value.lowercased() == "none" { return 0 }
        if let number = wireNumber(named: value) { return number }
        let digits = value.lowercased().hasPrefix("0x") ? value.dropFirst(2) : value
        guard (1...4).contains(digits.count), digits.allSatisfy(\.isHexDigit), let number = Int(digits, radix: 16) else {
            throw ValueError(item, "is not a TLS protocol bound (a name such as TLSv1.2, or a number such as 0x0303)")
        }
        return number
    }
}
