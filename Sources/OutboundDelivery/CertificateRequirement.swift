import DNSProtocol
import X509

/// What an outbound connection requires of the server's certificate, once the TLS level of its
/// destination and the DNS answers for its host are known.
enum CertificateRequirement: Sendable {
    /// Anything, or nothing: opportunistic and mandatory unauthenticated TLS (RFC 7435).
    case any
    /// DANE (RFC 7672 §3): a chain matching one of the usable `records`; a DANE-TA match also
    /// needs a leaf naming one of `names` (§3.2.3) and a valid chain up to the matched anchor.
    case dane([TLSARecord], names: [CertificateName])
    /// Web PKI (Postfix's `verify` and `secure`): a valid chain to one of `roots` whose leaf names
    /// one of `names` (RFC 6125 §6).
    case pkix(roots: CertificateStore, names: [CertificateName])
}

/// A name a server certificate may carry (RFC 6125 §6.2 reference identifier): a host name, or every
/// name under a domain (Postfix's `.example.com` and `dot-nexthop`).
enum CertificateName: Hashable, Sendable, CustomStringConvertible {
    case host(String)
    case anyUnder(String)

    /// Postfix's `smtp_tls_verify_cert_match` words made concrete for one connection: `hostname` is
    /// the MX host, `nexthop` the destination, `dot-nexthop` any name under it.
    static func resolving(_ words: [String], hostName: String, nextHop: String) -> [CertificateName] {
        words.map { word in
            switch word {
            case "hostname": .host(hostName.lowercased())
            case "nexthop": .host(nextHop.lowercased())
            case "dot-nexthop": .anyUnder(nextHop.lowercased())
            case let name where name.hasPrefix("."): .anyUnder(String(name.dropFirst()))
            case let name: .host(name)
            }
        }
    }

    var description: String {
        switch self {
        case .host(let name): name
        case .anyUnder(let domain): ".\(domain)"
        }
    }

    /// True when `presented`, a DNS name from a certificate, stands for this name: equal ignoring
    /// case and a final dot, or a wildcard `*.rest` whose one left label covers the name's
    /// (RFC 6125 §6.4.3, the wildcard only as the whole left-most label).
    func isMatched(by presented: String) -> Bool {
        let presented = Self.normalized(presented)
        switch self {
        case .host(let name):
            let name = Self.normalized(name)
            if presented == name { return true }
            guard presented.hasPrefix("*."), let dot = name.firstIndex(of: ".") else { return false }
            return name[name.index(after: dot)...] == presented.dropFirst(2) && name[..<dot] != ""
        case .anyUnder(let domain):
            return presented.hasSuffix("." + Self.normalized(domain))
        }
    }

    private static func normalized(_ name: String) -> String {
        let lowered = name.lowercased()
        return lowered.hasSuffix(".") ? String(lowered.dropLast()) : lowered
    }
}
