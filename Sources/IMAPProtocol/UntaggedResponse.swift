/// An untagged response (RFC 9051 §7, RFC 3501 §7): status, server and mailbox state, message data.
/// Mailbox names are Unicode here; the encoder writes them as the session's revision requires (UTF-8 for
/// IMAP4rev2 and UTF8=ACCEPT, modified UTF-7 otherwise).
///
/// ENVELOPE and BODY/BODYSTRUCTURE are not among the FETCH items yet: their data types belong to the
/// MailMessage module and join ``FetchItem`` with it.
public enum UntaggedResponse: Hashable, Sendable {
    /// `* OK`, `* NO`, `* BAD` with an optional code (§7.1.1-§7.1.3).
    case condition(ResponseStatus, code: ResponseCode?, text: String)
    /// `* BYE` (§7.1.5): the server is closing the connection.
    case bye(code: ResponseCode?, text: String)
    /// `* PREAUTH` (§7.1.4): a greeting for an already authenticated connection.
    case preauth(code: ResponseCode?, text: String)
    /// `* CAPABILITY ...` (§7.2.2).
    case capability([String])
    /// `* ENABLED ...` (§7.2.1, RFC 5161 §3.2).
    case enabled([String])
    /// `* FLAGS (...)` (§7.3.5): the flags the mailbox knows.
    case flags([Flag])
    /// `* n EXISTS` (§7.4.1).
    case exists(UInt32)
    /// `* n RECENT` (RFC 3501 §7.3.2): written for IMAP4rev1 sessions only, nothing for IMAP4rev2.
    case recent(UInt32)
    /// `* n EXPUNGE` (§7.5.1).
    case expunge(UInt32)
    /// `* LIST (...) "/" name` (§7.3.1).
    case list(MailboxListItem)
    /// `* LSUB (...) "/" name` (RFC 3501 §7.2.3).
    case lsub(MailboxListItem)
    /// `* STATUS name (...)` (§7.3.2).
    case status(mailbox: String, [StatusValue])
    /// `* SEARCH n...` (RFC 3501 §7.2.5; IMAP4rev2 keeps it for clients that send no RETURN).
    case search([UInt32])
    /// `* ESEARCH ...` (§7.3.4, RFC 4731 §3.2).
    case esearch(ESearchResponse)
    /// `* NAMESPACE ...` (§7.3.3, RFC 2342 §5).
    case namespace(NamespaceResponse)
    /// `* ID (...)` or `* ID NIL` (RFC 2971 §3.2).
    case id([IDParameter]?)
    /// `* n FETCH (...)` (§7.5.2) with items held in memory. Large body sections are streamed with
    /// ``FetchResponseWriter`` instead.
    case fetch(UInt32, [FetchItem])
}

/// One mailbox of a LIST or LSUB response (RFC 9051 §7.3.1; CHILDINFO RFC 5258 §4, OLDNAME §7.3.1).
///
///     mailbox-list = "(" [mbx-list-flags] ")" SP (DQUOTE QUOTED-CHAR DQUOTE / nil) SP mailbox [SP mbx-list-extended]
public struct MailboxListItem: Hashable, Sendable {
    public var attributes: [MailboxAttribute]
    /// The hierarchy delimiter, one ASCII character; nil for a flat name space (`NIL`).
    public var delimiter: Character?
    /// The Unicode name.
    public var name: String
    /// `("CHILDINFO" ("SUBSCRIBED"))`: the selection criteria a child matched (RFC 5258 §3.5); nil for none.
    public var childInfo: [ListCommand.SelectionOption]?
    /// `("OLDNAME" (...))`: the name the client used, when it differs (RFC 9051 §7.3.1).
    public var oldName: String?

    public init(attributes: [MailboxAttribute], delimiter: Character?, name: String,
                childInfo: [ListCommand.SelectionOption]? = nil, oldName: String? = nil) {
        self.attributes = attributes
        self.delimiter = delimiter
        self.name = name
        self.childInfo = childInfo
        self.oldName = oldName
    }
}

/// One item of a STATUS response (RFC 9051 §7.3.2, `status-att-val`).
public struct StatusValue: Hashable, Sendable {
    public var attribute: StatusAttribute
    public var value: UInt64

    public init(_ attribute: StatusAttribute, _ value: UInt64) {
        self.attribute = attribute
        self.value = value
    }
}

/// An ESEARCH response (RFC 4731 §3.2, RFC 9051 §7.3.4). Results that were not asked for, or are empty
/// (MIN, MAX and ALL of no match), are nil and left out.
///
///     esearch-response = "ESEARCH" [search-correlator] [SP "UID"] *(SP search-return-data)
public struct ESearchResponse: Hashable, Sendable {
    /// The tag of the SEARCH (`(TAG "A282")`).
    public var tag: String?
    /// The numbers are UIDs (UID SEARCH).
    public var byUID: Bool
    public var min: UInt32?
    public var max: UInt32?
    public var all: UIDSet?
    public var count: Int?

    public init(tag: String?, byUID: Bool = false, min: UInt32? = nil, max: UInt32? = nil, all: UIDSet? = nil,
                count: Int? = nil) {
        self.tag = tag
        self.byUID = byUID
        self.min = min
        self.max = max
        self.all = all
        self.count = count
    }
}

/// The NAMESPACE response (RFC 2342 §5, RFC 9051 §7.3.3): personal, other users' and shared namespaces,
/// each list written NIL when empty.
public struct NamespaceResponse: Hashable, Sendable {
    public var personal: [NamespaceDescription]
    public var otherUsers: [NamespaceDescription]
    public var shared: [NamespaceDescription]

    public init(personal: [NamespaceDescription], otherUsers: [NamespaceDescription] = [],
                shared: [NamespaceDescription] = []) {
        self.personal = personal
        self.otherUsers = otherUsers
        self.shared = shared
    }
}

/// One namespace: its prefix and hierarchy delimiter (`("" "/")`), and extension data
/// (`namespace-response-extension = SP string SP "(" string *(SP string) ")"`).
public struct NamespaceDescription: Hashable, Sendable {
    public var prefix: String
    public var delimiter: Character?
    public var extensions: [NamespaceExtension]

    public init(prefix: String, delimiter: Character?, extensions: [NamespaceExtension] = []) {
        self.prefix = prefix
        self.delimiter = delimiter
        self.extensions = extensions
    }
}

/// A namespace extension: a name and its non-empty list of values (RFC 2342 §5).
public struct NamespaceExtension: Hashable, Sendable {
    public var name: String
    public var values: [String]

    public init(name: String, values: [String]) {
        self.name = name
        self.values = values
    }
}
