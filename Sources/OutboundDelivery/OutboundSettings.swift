import MailCore
import MailroomConfig
import SMTPProtocol
import X509

/// How mailroom sends mail to other servers: Postfix's `smtp_*` settings as far as they are built.
public struct OutboundSettings: Sendable {
    /// The name in EHLO and the name MX hosts are compared with to find mail looping back (`myhostname`).
    public var hostName: String
    /// Where all mail goes instead of the recipients' MX hosts (Postfix's `relayhost`).
    public var relay: Relayhost?
    /// The port of MX hosts (`smtp_remote_port`, 25).
    public var remotePort: Int
    /// `smtp_tls_security_level`: the level of destinations `tlsPolicies` does not name.
    public var tlsLevel: SMTPTLSSecurityLevel
    /// `smtp_tls_policy_maps`.
    public var tlsPolicies = TLSPolicyMap()
    /// The CAs trusted under `verify` and `secure` (``TrustedCAs``: `smtp_tls_CAfile` and
    /// `smtp_tls_CApath`, else the system's).
    public var trustedCAs = CertificateStore.systemTrustRoots
    /// `smtp_tls_protocols`: the TLS versions offered where TLS is opportunistic.
    public var tlsProtocols = TLSProtocols.postfixDefault
    /// `smtp_tls_mandatory_protocols`: the TLS versions offered where TLS is required.
    public var mandatoryTLSProtocols = TLSProtocols.postfixDefault
    /// `smtp_tls_verify_cert_match`.
    public var verifyCertMatch = ["hostname"]
    /// `smtp_tls_secure_cert_match`.
    public var secureCertMatch = ["nexthop", "dot-nexthop"]
    /// Logins for servers that offer AUTH (`smtp_sasl_auth_enable` with `smtp_sasl_password_maps`);
    /// `nil` never logs in.
    public var logins: SASLPasswordMap?
    /// `default_destination_concurrency_limit`: deliveries to one destination at a time (20).
    public var destinationConcurrencyLimit = 20
    /// `default_destination_rate_delay`: the pause between deliveries to one destination; when set,
    /// one delivery at a time. Zero (the default) has no pause.
    public var destinationRateDelay: Duration = .zero
    /// How long a destination none of whose hosts could be reached stays suspended, its deliveries
    /// deferred at once (mailroom ties it to `minimal_backoff_time`, 300 s).
    public var deadDestinationSuspension: Duration = .seconds(300)
    /// This server's own SMTP listener: an MX host at one of these addresses and this port is this
    /// server, and mail sent there would come back (RFC 5321 §5.1); `nil` when there is none.
    public var ownListener: (addresses: Set<IPAddress>, port: Int)?
    /// `smtp_connect_timeout`: 30 s.
    public var connectTimeout: Duration = .seconds(30)
    /// How long a connection stays open after a message, waiting for the next one to its destination
    /// (`smtp_connection_cache_time_limit`: 2 s).
    public var connectionCacheTime: Duration = .seconds(2)
    /// The waits for each reply (RFC 5321 §4.5.3.2).
    public var timeouts = SMTPClientMachine.Timeouts()
    /// The longest reply line read (Postfix's `line_length_limit`); a longer one ends the connection.
    public var maximumReplyLineLength = 2048
    /// The most lines one reply may have: a server that never ends a multi-line reply is cut off.
    public var maximumReplyLines = 100

    public init(hostName: String, relay: Relayhost? = nil, remotePort: Int = 25, tlsLevel: SMTPTLSSecurityLevel = .may) {
        self.hostName = hostName
        self.relay = relay
        self.remotePort = remotePort
        self.tlsLevel = tlsLevel
    }
}
