/// One listening socket, each with its own `NAME_port` setting.
public enum Listener: String, CaseIterable, Hashable, Sendable, CustomStringConvertible {
    case smtp, submission, submissions, imap, imaps, pop3, pop3s, lmtp, dns

    /// The service whose presence in `protocols` opens this listener.
    public var serviceProtocol: ServiceProtocol {
        switch self {
        case .smtp: .smtp
        case .submission: .submission
        case .submissions: .submissions
        case .imap, .imaps: .imap
        case .pop3, .pop3s: .pop3
        case .lmtp: .lmtp
        case .dns: .dns
        }
    }

    /// True when TLS starts with the connection instead of by STARTTLS
    /// (RFC 8314 §3.3 submissions, RFC 8314 §3.2 / RFC 2595 imaps and pop3s).
    public var usesImplicitTLS: Bool {
        switch self {
        case .submissions, .imaps, .pop3s: true
        default: false
        }
    }

    /// The setting that holds this listener's port, such as `imaps_port`.
    public var portSettingName: String { "\(rawValue)_port" }

    /// The port used when no configuration file is in use: unprivileged, so a developer can run
    /// `mailroom serve` without root.
    public var builtInDefaultPort: Int {
        switch self {
        case .smtp: 2525
        case .submission: 2587
        case .submissions: 2465
        case .imap: 1143
        case .imaps: 1993
        case .pop3: 1110
        case .pop3s: 1995
        case .lmtp: 2424
        case .dns: 5353
        }
    }

    /// The standard port (IANA), the default in a configuration file.
    public var standardPort: Int {
        switch self {
        case .smtp: 25
        case .submission: 587
        case .submissions: 465
        case .imap: 143
        case .imaps: 993
        case .pop3: 110
        case .pop3s: 995
        case .lmtp: 24
        case .dns: 53
        }
    }

    /// The name used in log lines (`smtp listening on ...`).
    public var description: String { rawValue }
}
