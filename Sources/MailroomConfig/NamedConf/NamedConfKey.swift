/// A TSIG key from a `key` statement (BIND ARM "key Statement Grammar"):
/// `key "NAME" { algorithm hmac-sha256; secret "BASE64"; };`.
public struct NamedConfKey: Sendable, Hashable {
    /// The HMAC algorithms mailroom verifies (RFC 8945 §6); BIND's `hmac-md5` is not among them.
    public static let supportedAlgorithms = ["hmac-sha1", "hmac-sha224", "hmac-sha256", "hmac-sha384", "hmac-sha512"]

    /// The key's name as written (a domain name; compare with `canonicalName`).
    public var name: String
    /// The algorithm, lower-cased: one of `supportedAlgorithms`.
    public var algorithm: String
    /// The secret as written: base64 text.
    public var secret: String
    /// The decoded secret.
    public var secretBytes: [UInt8]

    /// Makes a key.
    public init(name: String, algorithm: String, secret: String, secretBytes: [UInt8]) {
        self.name = name
        self.algorithm = algorithm
        self.secret = secret
        self.secretBytes = secretBytes
    }

    /// The key name in the form requests are compared in: lower-cased, no trailing dot
    /// (key names are domain names, so `Xfr.` and `xfr` are the same key).
    public var canonicalName: String { Self.canonicalName(name) }

    /// `name` lower-cased with one trailing dot removed.
    public static func canonicalName(_ name: String) -> String {
        var name = name.lowercased()
        if name.hasSuffix("."), name.count > 1 { name.removeLast() }
        return name
    }
}
