import Crypto

/// A TSIG MAC algorithm, named as in the RFC 8945 §6 table (`hmac-sha256.`).
///
/// hmac-sha256 is mandatory to implement; hmac-sha1, hmac-sha384 and hmac-sha512 are offered for
/// existing BIND keys. hmac-md5 and hmac-sha224 are not supported (no implementation in swift-crypto
/// for SHA-224, and MD5 is NOT RECOMMENDED by RFC 8945 §6).
public struct TSIGAlgorithm: Hashable, Sendable, CustomStringConvertible {
    private enum Hash: Hashable, Sendable {
        case sha1, sha256, sha384, sha512
    }

    /// The algorithm name carried in the TSIG record.
    public let name: DNSName
    private let hash: Hash

    private init(_ name: String, _ hash: Hash) {
        self.name = DNSName(uncheckedLabels: [Array(name.utf8)])
        self.hash = hash
    }

    public static let hmacSHA1 = TSIGAlgorithm("hmac-sha1", .sha1)
    public static let hmacSHA256 = TSIGAlgorithm("hmac-sha256", .sha256)
    public static let hmacSHA384 = TSIGAlgorithm("hmac-sha384", .sha384)
    public static let hmacSHA512 = TSIGAlgorithm("hmac-sha512", .sha512)

    private static let all: [TSIGAlgorithm] = [.hmacSHA1, .hmacSHA256, .hmacSHA384, .hmacSHA512]

    /// Looks an algorithm up by its record name (case-insensitive); `nil` when unsupported.
    public init?(name: DNSName) {
        guard let known = TSIGAlgorithm.all.first(where: { $0.name == name }) else { return nil }
        self = known
    }

    /// Looks an algorithm up by BIND's spelling in `algorithm hmac-sha256;` (trailing dot optional).
    public init?(named text: String) {
        guard let name = DNSName(text) else { return nil }
        self.init(name: name)
    }

    /// Octets of untruncated HMAC output.
    public var outputLength: Int {
        switch hash {
        case .sha1: 20
        case .sha256: 32
        case .sha384: 48
        case .sha512: 64
        }
    }

    /// RFC 8945 §5.2.2.1 rule 3: a MAC shorter than max(10, half the output) is not acceptable.
    public var minimumMACLength: Int {
        max(10, outputLength / 2)
    }

    public var description: String { name.description }

    /// HMAC (RFC 2104) of `data` under `secret`.
    func authenticationCode(for data: [UInt8], secret: [UInt8]) -> [UInt8] {
        let key = SymmetricKey(data: secret)
        switch hash {
        case .sha1: return Array(HMAC<Insecure.SHA1>.authenticationCode(for: data, using: key))
        case .sha256: return Array(HMAC<SHA256>.authenticationCode(for: data, using: key))
        case .sha384: return Array(HMAC<SHA384>.authenticationCode(for: data, using: key))
        case .sha512: return Array(HMAC<SHA512>.authenticationCode(for: data, using: key))
        }
    }
}
