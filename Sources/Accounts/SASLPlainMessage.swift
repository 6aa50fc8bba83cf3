/// The one message of the PLAIN mechanism (RFC 4616 §2):
///
///     message   = [authzid] UTF8NUL authcid UTF8NUL passwd
///     authcid   = 1*SAFE ; MUST accept up to 255 octets
///     authzid   = 1*SAFE ; MUST accept up to 255 octets
///     passwd    = 1*SAFE ; MUST accept up to 255 octets
///     SAFE      = UTF1 / UTF2 / UTF3 / UTF4 ; any UTF-8 except NUL
struct SASLPlainMessage: Sendable, Hashable {
    /// The identity to act as; `nil` when the client left it empty (act as `authcid`).
    var authorizationIdentity: String?
    /// The identity whose password this is: the login.
    var authenticationIdentity: String
    var password: String

    /// Parses the decoded message; `nil` when it is not two NULs around a non-empty authcid and passwd,
    /// or is not UTF-8.
    init?(_ bytes: [UInt8]) {
        let parts = bytes.split(separator: 0, omittingEmptySubsequences: false)
        guard parts.count == 3,
              let authzid = String(validating: parts[0], as: UTF8.self),
              let authcid = String(validating: parts[1], as: UTF8.self),
              let passwd = String(validating: parts[2], as: UTF8.self),
              !authcid.isEmpty, !passwd.isEmpty
        else { return nil }
        authorizationIdentity = authzid.isEmpty ? nil : authzid
        authenticationIdentity = authcid
        password = passwd
    }
}
