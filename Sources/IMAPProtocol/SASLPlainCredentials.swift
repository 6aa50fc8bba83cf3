/// The decoded message of SASL PLAIN (RFC 4616 §2): `[authzid] NUL authcid NUL passwd`, each UTF-8.
/// mailroom has no users who may act for others, so an authorization identity must name the
/// authentication identity itself.
enum SASLPlainCredentials: Equatable {
    case credentials(username: String, password: String)
    case otherIdentity
    case malformed

    init(_ bytes: [UInt8]) {
        let fields = bytes.split(separator: 0, maxSplits: 2, omittingEmptySubsequences: false)
        guard fields.count == 3, let authzid = Self.text(fields[0]), let authcid = Self.text(fields[1]),
              let password = Self.text(fields[2]), !authcid.isEmpty, !password.isEmpty
        else {
            self = .malformed
            return
        }
        guard authzid.isEmpty || authzid.lowercased() == authcid.lowercased() else {
            self = .otherIdentity
            return
        }
        self = .credentials(username: authcid, password: password)
    }

    /// UTF-8 without NUL (a C-string boundary further down).
    static func text(_ bytes: some Collection<UInt8>) -> String? {
        guard !bytes.contains(0) else { return nil }
        return String(validating: bytes, as: UTF8.self)
    }
}
