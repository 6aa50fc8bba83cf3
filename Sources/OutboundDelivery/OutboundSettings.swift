import MailroomConfig
import SMTPProtocol

/// How mailroom sends mail to other servers: Postfix's `smtp_*` settings as far as they are built.
public struct OutboundSettings: Sendable {
    /// Postfix's `smtp_tls_security_level`, the levels built so far.
    public enum TLSLevel: String, Sendable, CaseIterable {
        /// Never STARTTLS.
        case none
        /// STARTTLS when the server offers it, unverified (opportunistic TLS, RFC 7435); plaintext
        /// when it does not, or refuses it, or the handshake fails.
        case may
        /// STARTTLS always, unverified; a server without it is not used (the mail waits).
        case encrypt
    }

    /// The name in EHLO and the name MX hosts are compared with to find mail looping back (`myhostname`).
    public var hostName: String
    /// Where all mail goes instead of the recipients' MX hosts (Postfix's `relayhost`).
    public var relay: Relayhost?
    /// The port of MX hosts (`smtp_remote_port`, 25).
    public var remotePort: Int
    public var tlsLevel: TLSLevel
    /// `smtp_connect_timeout`: 30 s.
    public var connectTimeout: Duration = .seconds(30)
    /// The waits for each reply (RFC 5321 §4.5.3.2).
    public var timeouts = SMTPClientMachine.Timeouts()
    /// The longest reply line read (Postfix's `line_length_limit`); a longer one ends the connection.
    public var maximumReplyLineLength = 2048
    /// The most lines one reply may have: a server that never ends a multi-line reply is cut off.
    public var maximumReplyLines = 100

    public init(hostName: String, relay: Relayhost? = nil, remotePort: Int = 25, tlsLevel: TLSLevel = .may) {
        self.hostName = hostName
        self.relay = relay
        self.remotePort = remotePort
        self.tlsLevel = tlsLevel
    }
}
