import MailCore

/// Every setting mailroom knows, typed and validated: what the rest of the program reads.
///
/// Made by `Settings.load(path:hostName:)` from a `main.cf`-style file (or from the built-in
/// defaults); each property documents its setting's name. Relative paths are kept as written
/// and resolved, if ever, by whoever opens them.
public struct Settings: Sendable, Hashable {
    /// `myhostname`: this host's name, used in greetings and Received headers.
    public var myhostname: String
    /// `mydomain`: the mail domain; by default `myhostname` minus its first label.
    public var mydomain: String
    /// `myorigin`: the domain appended to unqualified sender addresses.
    public var myorigin: String
    /// `inet_interfaces`: the addresses to listen on.
    public var inetInterfaces: InetInterfaces
    /// `inet_protocols`: the IP versions `all` and `loopback-only` bind.
    public var inetProtocols: InetProtocols
    /// `mydestination`: domains delivered locally, lower-cased.
    public var mydestination: [String]
    /// `mynetworks`: clients allowed to relay without authentication.
    public var mynetworks: [IPNetwork]
    /// `relay_domains`: domains accepted and relayed onward, lower-cased.
    public var relayDomains: [String]
    /// `relayhost`: the smarthost for all outbound mail; `nil` delivers by MX.
    public var relayhost: Relayhost?
    /// `alias_maps`: aliases(5) files, map-type prefixes stripped.
    public var aliasMaps: [String]
    /// `message_size_limit`: the largest message accepted, in bytes (`0`: no limit, as in Postfix).
    public var messageSizeLimit: Int
    /// `recipient_delimiter`: the characters that start an address extension (`+` in `alice+tag`);
    /// each character is a delimiter, as in Postfix; empty turns extensions off.
    public var recipientDelimiter: String
    /// `protocols`: the services to run.
    public var protocols: Set<ServiceProtocol>
    /// `disable_plaintext_auth`: refuse plaintext logins without TLS, except from
    /// `login_trusted_networks` or loopback.
    public var disablePlaintextAuth: Bool
    /// `login_trusted_networks`: client networks trusted with plaintext logins.
    public var loginTrustedNetworks: [IPNetwork]
    /// `mail_location`: the mailbox format and paths.
    public var mailLocation: MailLocation
    /// `data_directory`: queue, accounts, state and generated keys.
    public var dataDirectory: String
    /// `user_database`: where accounts come from.
    public var userDatabase: UserDatabaseSetting
    /// `smtp_port` ... `dns_port`: every listener's port; `0` turns a listener off.
    public var ports: [Listener: Int]
    /// `tls_cert_file` (also `smtpd_tls_cert_file`, `ssl_cert`): PEM certificate chain;
    /// `nil` means a self-signed one generated into `data_directory`.
    public var tlsCertFile: String?
    /// `tls_key_file` (also `smtpd_tls_key_file`, `ssl_key`): PEM private key.
    public var tlsKeyFile: String?
    /// `dns_zones`: zones served authoritatively.
    public var dnsZones: [DNSZoneSetting]
    /// `named_conf`: a BIND `named.conf` to read zones and ACLs from.
    public var namedConf: String?
    /// `resolver`: DNS servers as `host:port` (`[v6]:port`); empty means `/etc/resolv.conf`.
    public var resolver: [String]
    /// `smtp_remote_port`: the port outbound deliveries connect to on MX hosts.
    public var smtpRemotePort: Int
    /// `smtp_tls_security_level`: STARTTLS on outbound deliveries.
    public var smtpTLSSecurityLevel: SMTPTLSSecurityLevel
    /// `smtp_tls_policy_maps`: tables of per-destination TLS levels (``TLSPolicyMap``).
    public var smtpTLSPolicyMaps: [String]
    /// `smtp_tls_CAfile`: the PEM file of CAs trusted under `verify` and `secure`; empty for none.
    /// With `smtp_tls_CApath` empty too, the system's CAs are trusted.
    public var smtpTLSCAFile: String
    /// `smtp_tls_CApath`: a directory of PEM files of CAs trusted beside `smtp_tls_CAfile`'s; empty for none.
    public var smtpTLSCAPath: String
    /// `smtp_tls_protocols`: the TLS versions offered where TLS is opportunistic (`may`).
    public var smtpTLSProtocols: TLSProtocols
    /// `smtp_tls_mandatory_protocols`: the TLS versions offered where TLS is required (`encrypt`,
    /// `dane`, `verify`, `secure`).
    public var smtpTLSMandatoryProtocols: TLSProtocols
    /// `smtp_tls_verify_cert_match`: the names a certificate may have under `verify` (`hostname`,
    /// `nexthop`, `dot-nexthop`, a name, or `.domain` for its subdomains).
    public var smtpTLSVerifyCertMatch: [String]
    /// `smtp_tls_secure_cert_match`: the same for `secure`.
    public var smtpTLSSecureCertMatch: [String]
    /// `default_destination_concurrency_limit`: outbound deliveries to one destination at a time.
    public var defaultDestinationConcurrencyLimit: Int
    /// `default_destination_rate_delay`: the pause between deliveries to one destination.
    public var defaultDestinationRateDelay: Duration
    /// `hopcount_limit`: the most `Received:` fields a message received over SMTP may have.
    public var hopcountLimit: Int
    /// `minimal_backoff_time` and `maximal_backoff_time`: the waits between attempts of a deferred message.
    public var minimalBackoffTime: Duration
    public var maximalBackoffTime: Duration
    /// `maximal_queue_lifetime`: how long a deferred message is tried before it bounces.
    public var maximalQueueLifetime: Duration
    /// `bounce_queue_lifetime`: the same for bounces (null sender), which are then dropped.
    public var bounceQueueLifetime: Duration
    /// `queue_run_delay`: how often the queue directory is scanned for messages others left there.
    public var queueRunDelay: Duration
    /// `delay_warning_time`: how long a message waits before its sender is warned; zero never warns.
    public var delayWarningTime: Duration
    /// `bounce_size_limit`: the longest message a bounce returns whole.
    public var bounceSizeLimit: Int
    /// `notify_classes`: which problems the postmaster is told of (mailroom acts on `bounce`,
    /// `2bounce` and `delay`).
    public var notifyClasses: [String]
    /// `bounce_notice_recipient`, `2bounce_notice_recipient`, `delay_notice_recipient`.
    public var bounceNoticeRecipient: String
    public var doubleBounceNoticeRecipient: String
    public var delayNoticeRecipient: String
    /// `smtp_sasl_auth_enable`: log in to relay hosts that offer AUTH, with `smtp_sasl_password_maps`.
    public var smtpSASLAuthEnable: Bool
    /// `smtp_sasl_password_maps`: files of `host user:password` lines (``SASLPasswordMap``).
    public var smtpSASLPasswordMaps: [String]
    /// `smtpd_recipient_limit`: the most recipients in one SMTP transaction.
    public var smtpdRecipientLimit: Int
    /// `smtpd_client_connection_count_limit`: simultaneous connections from one client IP,
    /// across every listener (`0`: no limit, as in Postfix).
    public var smtpdClientConnectionCountLimit: Int
    /// `smtpd_timeout`: how long to wait for a client to send (Postfix time: `300s`, `5m`).
    public var smtpdTimeout: Duration
    /// `default_process_limit`: simultaneous connections on each mail listener (SMTP, submission, LMTP,
    /// POP3, IMAP), from all clients together; one process per client in Postfix and Dovecot, one task
    /// here (`0`: no limit).
    public var defaultProcessLimit: Int
    /// `session_time_limit`: how long one connection to any listener may last in all, however busy
    /// (`0`: no limit).
    public var sessionTimeLimit: Duration
    /// `lmtp_interfaces`: the addresses the LMTP listener binds; LMTP delivers without authentication,
    /// so it stays on loopback unless configured otherwise.
    public var lmtpInterfaces: InetInterfaces
    /// `line_length_limit`: the longest SMTP line accepted, in bytes.
    public var lineLengthLimit: Int
    /// `smtpd_forbid_bare_newline`: what a line end other than CRLF gets from the SMTP server.
    public var smtpdForbidBareNewline: BareNewlinePolicy
    /// `smtpd_forbid_bare_newline_exclusions`: clients whose bare line ends are normalised even under
    /// `reject` (Postfix's default: `$mynetworks`).
    public var smtpdForbidBareNewlineExclusions: [IPNetwork]
    /// `smtpd_sasl_auth_enable`: offer AUTH on port 25 (submission always offers it, as Postfix's
    /// master.cf sets it there). Postfix's default is `no`.
    public var smtpdSASLAuthEnable: Bool
    /// `smtpd_sender_login_maps`: table files saying which logins own which sender addresses
    /// (`address login, login`; `@domain` for a whole domain), beside each account's own addresses.
    public var smtpdSenderLoginMaps: [String]
    /// `relay_recipient_maps`: table files listing the valid recipients in `relay_domains`
    /// (`address anything`, `@domain anything` for a whole domain); empty accepts every recipient there.
    public var relayRecipientMaps: [String]
    /// `home_mailbox` (Postfix): the mailbox in each home directory, `Maildir/` for a Maildir; when
    /// written and `mail_location` is not, it decides `mail_location`.
    public var homeMailbox: String
    /// `mail_spool_directory` (Postfix): where mbox INBOXes are when `home_mailbox` is empty; when
    /// written and `mail_location` is not, it decides `mail_location`.
    public var mailSpoolDirectory: String
    /// `first_valid_uid`: the lowest uid the user database may name for a login (Dovecot's; Debian's
    /// first ordinary user, 1000), so root and system accounts cannot log in.
    public var firstValidUID: UInt32
    /// `last_valid_uid`: the highest such uid; `0`: no upper limit.
    public var lastValidUID: UInt32
    /// `mail_owner` (Postfix's): the user a server started as root runs as once its listeners are
    /// bound, and the owner of `data_directory`; only its privileged agent stays root. Created as a
    /// system account when missing.
    public var mailOwner: String
    /// `virtual_uid`: the owner of virtual (passwd-file) users' mail when their line names no uid
    /// (Dovecot's `mail_uid`, Postfix's `virtual_uid_maps`); `nil`: the owner of `data_directory`.
    public var virtualUID: UInt32?
    /// `virtual_gid`: their group; `nil`: the group of `data_directory`.
    public var virtualGID: UInt32?
    /// `imap_max_line_length`: the longest IMAP command line, in bytes (Dovecot size: `64k`).
    public var imapMaxLineLength: Int
    /// `mail_max_userip_connections` (Dovecot): logged-in IMAP sessions of one user from one address.
    public var mailMaxUserIPConnections: Int
    /// `mailbox_idle_check_interval` (Dovecot): how often an IMAP session in IDLE looks for changes
    /// other programs made to its folder; mailroom's own changes reach it at once.
    public var mailboxIdleCheckInterval: Duration
    /// `imap_login_timeout`: how long an IMAP client may stay silent before it has logged in.
    public var imapLoginTimeout: Duration
    /// `imap_autologout`: how long a logged-in IMAP session may stay silent (RFC 9051 §5.4: at least
    /// 30 minutes; IDLE clients renew within 29).
    public var imapAutologout: Duration
    /// `dns_tcp_timeout`: how long a DNS client on TCP may stay silent, mid-message included
    /// (BIND's `tcp-idle-timeout`; RFC 7766 §6.2.3).
    public var dnsTCPTimeout: Duration
    /// `dns_tcp_connection_limit`: simultaneous DNS TCP connections from one client IP (`0`: no limit).
    public var dnsTCPConnectionLimit: Int
    /// `dns_tcp_clients`: simultaneous DNS TCP connections from all clients together (BIND's
    /// `tcp-clients`; `0`: no limit).
    public var dnsTCPClients: Int
    /// `dns_udp_payload_size`: the EDNS(0) UDP payload size advertised and the largest UDP response sent
    /// (RFC 6891 §6.2.5; 1232 avoids IP fragmentation, as BIND's default does).
    public var dnsUDPPayloadSize: Int

    /// The listeners to open: those of the enabled protocols whose port is not 0, in
    /// `Listener.allCases` order.
    public var enabledListeners: [Listener] {
        Listener.allCases.filter { listener in
            protocols.contains(listener.serviceProtocol) && (ports[listener] ?? 0) != 0
        }
    }

    /// A blank value for the loader to fill: the schema has an entry for every property and
    /// applies each one's value or default, so none of these survive loading.
    init() {
        myhostname = ""
        mydomain = ""
        myorigin = ""
        inetInterfaces = .loopbackOnly
        inetProtocols = .all
        mydestination = []
        mynetworks = []
        relayDomains = []
        relayhost = nil
        aliasMaps = []
        messageSizeLimit = 0
        recipientDelimiter = ""
        protocols = []
        disablePlaintextAuth = true
        loginTrustedNetworks = []
        mailLocation = MailLocation(format: .maildir, root: "")
        dataDirectory = ""
        userDatabase = .system
        ports = [:]
        tlsCertFile = nil
        tlsKeyFile = nil
        dnsZones = []
        namedConf = nil
        resolver = []
        smtpRemotePort = 0
        smtpTLSSecurityLevel = .may
        smtpTLSPolicyMaps = []
        smtpTLSCAFile = ""
        smtpTLSCAPath = ""
        smtpTLSProtocols = .postfixDefault
        smtpTLSMandatoryProtocols = .postfixDefault
        smtpTLSVerifyCertMatch = []
        smtpTLSSecureCertMatch = []
        defaultDestinationConcurrencyLimit = 0
        defaultDestinationRateDelay = .zero
        hopcountLimit = 0
        smtpSASLAuthEnable = false
        minimalBackoffTime = .zero
        maximalBackoffTime = .zero
        maximalQueueLifetime = .zero
        bounceQueueLifetime = .zero
        delayWarningTime = .zero
        bounceSizeLimit = 0
        notifyClasses = []
        bounceNoticeRecipient = ""
        doubleBounceNoticeRecipient = ""
        delayNoticeRecipient = ""
        queueRunDelay = .zero
        smtpSASLPasswordMaps = []
        smtpdRecipientLimit = 0
        smtpdClientConnectionCountLimit = 0
        smtpdTimeout = .zero
        defaultProcessLimit = 0
        sessionTimeLimit = .zero
        lmtpInterfaces = .loopbackOnly
        lineLengthLimit = 0
        imapMaxLineLength = 0
        mailMaxUserIPConnections = 0
        mailboxIdleCheckInterval = .zero
        imapLoginTimeout = .zero
        imapAutologout = .zero
        smtpdForbidBareNewline = .normalize
        smtpdForbidBareNewlineExclusions = []
        smtpdSASLAuthEnable = false
        smtpdSenderLoginMaps = []
        relayRecipientMaps = []
        homeMailbox = ""
        mailSpoolDirectory = ""
        firstValidUID = 0
        lastValidUID = 0
        mailOwner = ""
        virtualUID = nil
        virtualGID = nil
        dnsTCPTimeout = .zero
        dnsTCPConnectionLimit = 0
        dnsTCPClients = 0
        dnsUDPPayloadSize = 0
    }
}
