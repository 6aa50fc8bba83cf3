/// A CIDR block such as `192.168.1.0/24` or `[::1]/128`, as Postfix's `mynetworks` and Dovecot's
/// `login_trusted_networks` write them.
public struct IPNetwork: Hashable, Sendable, CustomStringConvertible {
    /// The network address, with host bits cleared.
    public let address: IPAddress
    /// The prefix length in bits.
    public let prefixLength: Int

    /// Makes a network, clearing the host bits of `address`; `nil` when the prefix is out of range.
    public init?(address: IPAddress, prefixLength: Int) {
        guard prefixLength >= 0, prefixLength <= address.bytes.count * 8 else { return nil }
        self.address = IPAddress(bytes: IPNetwork.mask(address.bytes, prefixLength))!
        self.prefixLength = prefixLength
    }

    /// Parses `ADDR/LEN`, `ADDR` (a single host), and Postfix's bracketed IPv6 `[ADDR]/LEN`.
    public init?(_ text: String) {
        let (addressText, lengthText) = IPNetwork.split(text)
        var bare = Substring(addressText)
        if bare.hasPrefix("["), bare.hasSuffix("]") { bare = bare.dropFirst().dropLast() }
        guard let address = IPAddress(String(bare)) else { return nil }
        let length: Int
        if let lengthText {
            guard !lengthText.isEmpty, lengthText.allSatisfy(\.isASCIIDigit), let n = Int(lengthText) else { return nil }
            length = n
        } else {
            length = address.bytes.count * 8
        }
        self.init(address: address, prefixLength: length)
    }

    /// True when `ip` lies inside this network (an IPv4-mapped IPv6 address counts as IPv4).
    public func contains(_ ip: IPAddress) -> Bool {
        let ip = ip.unmapped
        guard ip.bytes.count == address.bytes.count else { return false }
        return IPNetwork.mask(ip.bytes, prefixLength) == address.bytes
    }

    /// `ADDR/LEN`, with IPv6 in brackets as Postfix prints it.
    public var description: String {
        address.isIPv4 ? "\(address)/\(prefixLength)" : "[\(address)]/\(prefixLength)"
    }

    private static func split(_ text: String) -> (String, String?) {
        guard let slash = text.lastIndex(of: "/") else { return (text, nil) }
        return (String(text[..<slash]), String(text[text.index(after: slash)...]))
    }

    private static func mask(_ bytes: [UInt8], _ prefix: Int) -> [UInt8] {
        bytes.enumerated().map { index, byte in
            let bitsHere = max(0, min(8, prefix - index * 8))
            return bitsHere == 8 ? byte : byte & ~(UInt8(0xff) >> bitsHere)
        }
    }
}
