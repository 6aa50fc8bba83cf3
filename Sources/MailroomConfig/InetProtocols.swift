/// Postfix's `inet_protocols`: which IP versions the listeners use (`all`, `ipv4`, `ipv6`, or
/// `ipv4, ipv6`). Postfix 3.9's default is `all`.
public struct InetProtocols: Hashable, Sendable {
    public var ipv4: Bool
    public var ipv6: Bool

    /// Both versions.
    public static let all = InetProtocols(ipv4: true, ipv6: true)

    public init(ipv4: Bool, ipv6: Bool) {
        self.ipv4 = ipv4
        self.ipv6 = ipv6
    }

    static func parse(_ text: String) throws(ValueError) -> InetProtocols {
        var protocols = InetProtocols(ipv4: false, ipv6: false)
        for element in ValueParser.list(text.lowercased()) {
            switch element {
            case "all": protocols = .all
            case "ipv4": protocols.ipv4 = true
            case "ipv6": protocols.ipv6 = true
            default: throw ValueError(element, "is not all, ipv4 or ipv6")
            }
        }
        guard protocols.ipv4 || protocols.ipv6 else { throw ValueError(text, "names no protocol (all, ipv4, ipv6)") }
        return protocols
    }
}
