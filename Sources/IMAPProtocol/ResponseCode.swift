import NIOCore

/// A response code, the bracketed part of a status response (RFC 9051 §7.1, §9 `resp-text-code`), with
/// the codes of UIDPLUS (RFC 4315 §3), RFC 5530, LITERAL+/APPEND's TOOBIG (RFC 4469, RFC 7889),
/// SPECIAL-USE's USEATTR (RFC 6154 §3) and CONDSTORE (RFC 7162 §3.1).
public enum ResponseCode: Hashable, Sendable {
    case alert
    /// The charsets SEARCH supports (may be empty).
    case badCharset([String])
    case capability([String])
    case parse
    /// The flags the client may change permanently; `allowsNewKeywords` adds `\*`.
    case permanentFlags([Flag], allowsNewKeywords: Bool)
    case readOnly
    case readWrite
    case tryCreate
    case uidNext(UInt32)
    case uidValidity(UInt32)
    /// IMAP4rev1: the first unseen message's sequence number.
    case unseen(UInt32)
    /// The UIDVALIDITY of the target and the UIDs APPEND gave (RFC 4315 §3).
    case appendUID(uidValidity: UInt32, uids: UIDSet)
    /// The target's UIDVALIDITY, source UIDs, and the UIDs they got (RFC 4315 §3).
    case copyUID(uidValidity: UInt32, source: UIDSet, destination: UIDSet)
    case uidNotSticky
    case tooBig
    case unavailable
    case authenticationFailed
    case authorizationFailed
    case expired
    case privacyRequired
    case contactAdmin
    case noPermission
    case inUse
    case expungeIssued
    case corruption
    case serverBug
    case clientBug
    case cannot
    case limit
    case overQuota
    case alreadyExists
    case nonExistent
    case notSaved
    case hasChildren
    case closed
    case unknownCTE
    case useAttribute
    case highestModSequence(UInt64)
    case noModSequence
    /// Another code: an atom and optional text without `]`.
    case other(String, String?)
}

/// A set of UIDs in a response code (RFC 4315 §4 `uid-set`): ranges in the order given, no `*`.
public struct UIDSet: Hashable, Sendable {
    public var ranges: [ClosedRange<UInt32>]

    public init(_ ranges: [ClosedRange<UInt32>]) {
        self.ranges = ranges
    }

    /// One UID.
    public init(_ uid: UInt32) {
        ranges = [uid...uid]
    }
}

// MARK: - Encoding

extension UIDSet: CustomStringConvertible {
    /// The wire form: `304,319:320`.
    public var description: String {
        ranges.map { $0.lowerBound == $0.upperBound ? "\($0.lowerBound)" : "\($0.lowerBound):\($0.upperBound)" }
            .joined(separator: ",")
    }
}

extension ResponseCode: CustomStringConvertible {
    /// The wire form without brackets: `UIDVALIDITY 3857529045`, `PERMANENTFLAGS (\Deleted \Seen \*)`.
    public var description: String {
        switch self {
        case .badCharset(let charsets):
            charsets.isEmpty ? "BADCHARSET" : "BADCHARSET (" + charsets.map(IMAPString.charsetText).joined(separator: " ") + ")"
        case .capability(let capabilities): (["CAPABILITY"] + capabilities).joined(separator: " ")
        case .permanentFlags(let flags, let allowsNewKeywords):
            "PERMANENTFLAGS (" + (flags.map(\.description) + (allowsNewKeywords ? ["\\*"] : [])).joined(separator: " ") + ")"
        case .uidNext(let uid): "UIDNEXT \(uid)"
        case .uidValidity(let value): "UIDVALIDITY \(value)"
        case .unseen(let number): "UNSEEN \(number)"
        case .appendUID(let validity, let uids): "APPENDUID \(validity) \(uids)"
        case .copyUID(let validity, let source, let destination): "COPYUID \(validity) \(source) \(destination)"
        case .highestModSequence(let value): "HIGHESTMODSEQ \(value)"
        case .other(let atom, let text?):
            atom + " " + String(text.unicodeScalars.filter { $0 != "]" && $0.value >= 0x20 && $0.value != 0x7F }.map(Character.init))
        case .other(let atom, nil): atom
        default: Self.atoms[self] ?? ""
        }
    }

    /// The codes that are a single atom.
    private static let atoms: [ResponseCode: String] = [
        .alert: "ALERT", .parse: "PARSE", .readOnly: "READ-ONLY", .readWrite: "READ-WRITE",
        .tryCreate: "TRYCREATE", .uidNotSticky: "UIDNOTSTICKY", .tooBig: "TOOBIG", .unavailable: "UNAVAILABLE",
        .authenticationFailed: "AUTHENTICATIONFAILED", .authorizationFailed: "AUTHORIZATIONFAILED",
        .expired: "EXPIRED", .privacyRequired: "PRIVACYREQUIRED", .contactAdmin: "CONTACTADMIN",
        .noPermission: "NOPERM", .inUse: "INUSE", .expungeIssued: "EXPUNGEISSUED", .corruption: "CORRUPTION",
        .serverBug: "SERVERBUG", .clientBug: "CLIENTBUG", .cannot: "CANNOT", .limit: "LIMIT",
        .overQuota: "OVERQUOTA", .alreadyExists: "ALREADYEXISTS", .nonExistent: "NONEXISTENT",
        .notSaved: "NOTSAVED", .hasChildren: "HASCHILDREN", .closed: "CLOSED", .unknownCTE: "UNKNOWN-CTE",
        .useAttribute: "USEATTR", .noModSequence: "NOMODSEQ",
    ]
}
