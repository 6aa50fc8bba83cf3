/// A service named in `protocols`, Dovecot style, extended with the SMTP family and DNS.
public enum ServiceProtocol: String, CaseIterable, Hashable, Sendable {
    case smtp, submission, submissions, imap, pop3, lmtp, dns

    /// The listeners this service opens: IMAP and POP3 open their TLS-on-connect twins too,
    /// as Dovecot's `protocols = imap` opens ports 143 and 993.
    public var listeners: [Listener] {
        switch self {
        case .smtp: [.smtp]
        case .submission: [.submission]
        case .submissions: [.submissions]
        case .imap: [.imap, .imaps]
        case .pop3: [.pop3, .pop3s]
        case .lmtp: [.lmtp]
        case .dns: [.dns]
        }
    }

    // protocols = "none" / 1*(protocol [list-separator])
    static func parseSet(_ text: String) throws(ValueError) -> Set<ServiceProtocol> {
        let names = ValueParser.list(text)
        // Dovecot spells "run nothing" as `none`; an empty value means the same.
        if names == ["none"] { return [] }
        var protocols: Set<ServiceProtocol> = []
        for name in names {
            guard let service = ServiceProtocol(rawValue: name.lowercased()) else {
                let known = allCases.map(\.rawValue).joined(separator: " ")
                throw ValueError(name, "is not a protocol (\(known), or none)")
            }
            protocols.insert(service)
        }
        return protocols
    }
}
