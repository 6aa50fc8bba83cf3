import MailCore

/// The table of every setting mailroom knows (interface.md, "The configuration file"), with
/// Postfix's names and defaults where Postfix has the setting.
enum SettingsSchema {
    static let definitions: [SettingDefinition] = [
        // Postfix
        .init("myhostname", .systemHostName, \.myhostname, ValueParser.hostName),
        .init("mydomain", .parentDomainOfMyhostname, \.mydomain, ValueParser.hostName),
        .init("myorigin", .text("$myhostname"), \.myorigin, ValueParser.hostName),
        .init("inet_interfaces", .text("loopback-only"), \.inetInterfaces, InetInterfaces.parse),
        .init("inet_protocols", .text("all"), \.inetProtocols, InetProtocols.parse),
        .init("mydestination", .text("$myhostname, localhost.$mydomain, localhost"), \.mydestination,
              ValueParser.domainList),
        .init("mynetworks", .text("127.0.0.0/8 [::1]/128"), \.mynetworks, ValueParser.networkList),
        .init("relay_domains", .text(""), \.relayDomains, ValueParser.domainList),
        .init("relayhost", .text(""), \.relayhost, Relayhost.parse),
        .init("smtp_tls_security_level", .text("may"), \.smtpTLSSecurityLevel, SMTPTLSSecurityLevel.parse),
        .init("smtp_tls_policy_maps", .text(""), \.smtpTLSPolicyMaps, ValueParser.aliasMaps),
        .init("smtp_tls_CAfile", .text(""), \.smtpTLSCAFile, ValueParser.text),
        .init("smtp_tls_CApath", .text(""), \.smtpTLSCAPath, ValueParser.text),
        .init("smtp_tls_protocols", .text(">=TLSv1"), \.smtpTLSProtocols, TLSProtocols.parse),
        .init("smtp_tls_mandatory_protocols", .text(">=TLSv1"), \.smtpTLSMandatoryProtocols, TLSProtocols.parse),
        .init("smtp_tls_verify_cert_match", .text("hostname"), \.smtpTLSVerifyCertMatch, ValueParser.certificateMatch),
        .init("smtp_tls_secure_cert_match", .text("nexthop, dot-nexthop"), \.smtpTLSSecureCertMatch,
              ValueParser.certificateMatch),
        .init("minimal_backoff_time", .text("300s"), \.minimalBackoffTime, ValueParser.time),
        .init("maximal_backoff_time", .text("4000s"), \.maximalBackoffTime, ValueParser.time),
        .init("maximal_queue_lifetime", .text("5d"), \.maximalQueueLifetime, ValueParser.time),
        .init("bounce_queue_lifetime", .text("5d"), \.bounceQueueLifetime, ValueParser.time),
        .init("queue_run_delay", .text("300s"), \.queueRunDelay, ValueParser.time),
        .init("delay_warning_time", .text("0h"), \.delayWarningTime, ValueParser.timeInHours),
        .init("bounce_size_limit", .text("50000"), \.bounceSizeLimit, ValueParser.wholeNumber),
        .init("notify_classes", .text("resource, software"), \.notifyClasses, ValueParser.notifyClasses),
        .init("bounce_notice_recipient", .text("postmaster"), \.bounceNoticeRecipient, ValueParser.text),
        .init("2bounce_notice_recipient", .text("postmaster"), \.doubleBounceNoticeRecipient, ValueParser.text),
        .init("delay_notice_recipient", .text("postmaster"), \.delayNoticeRecipient, ValueParser.text),
        .init("smtp_sasl_auth_enable", .text("no"), \.smtpSASLAuthEnable, ValueParser.yesOrNo),
        .init("smtp_sasl_password_maps", .text(""), \.smtpSASLPasswordMaps, ValueParser.aliasMaps),
        .init("default_destination_concurrency_limit", .text("20"), \.defaultDestinationConcurrencyLimit,
              ValueParser.positiveNumber),
        .init("default_destination_rate_delay", .text("0s"), \.defaultDestinationRateDelay, ValueParser.time),
        .init("alias_maps", .text("$data_directory/aliases"), \.aliasMaps, ValueParser.aliasMaps),
        .init("message_size_limit", .text("10240000"), \.messageSizeLimit, ValueParser.wholeNumber),
        .init("hopcount_limit", .text("50"), \.hopcountLimit, ValueParser.positiveNumber),
        .init("recipient_delimiter", .text("+"), \.recipientDelimiter, ValueParser.text),
        .init("smtpd_recipient_limit", .text("1000"), \.smtpdRecipientLimit, ValueParser.wholeNumber),
        .init("smtpd_client_connection_count_limit", .text("50"), \.smtpdClientConnectionCountLimit,
              ValueParser.wholeNumber),
        .init("smtpd_timeout", .text("300s"), \.smtpdTimeout, ValueParser.time),
        .init("line_length_limit", .text("2048"), \.lineLengthLimit, ValueParser.wholeNumber),
        .init("smtpd_forbid_bare_newline", .text("normalize"), \.smtpdForbidBareNewline, BareNewlinePolicy.parse),
        .init("smtpd_forbid_bare_newline_exclusions", .text("$mynetworks"), \.smtpdForbidBareNewlineExclusions,
              ValueParser.networkList),
        .init("smtpd_sasl_auth_enable", .text("no"), \.smtpdSASLAuthEnable, ValueParser.yesOrNo),
        .init("smtpd_sender_login_maps", .text(""), \.smtpdSenderLoginMaps, ValueParser.aliasMaps),
        .init("relay_recipient_maps", .text(""), \.relayRecipientMaps, ValueParser.aliasMaps),
        .init("home_mailbox", .text(""), \.homeMailbox, ValueParser.text),
        .init("mail_spool_directory", .text("/var/mail"), \.mailSpoolDirectory, ValueParser.path),
        .init("default_process_limit", .text("100"), \.defaultProcessLimit, ValueParser.wholeNumber),
        // Dovecot
        .init("protocols", .text("smtp submission imap pop3 lmtp"), \.protocols, ServiceProtocol.parseSet),
        .init("disable_plaintext_auth", .text("yes"), \.disablePlaintextAuth, ValueParser.yesOrNo),
        .init("login_trusted_networks", .text(""), \.loginTrustedNetworks, ValueParser.networkList),
        .init("mail_location", .text("maildir:~/Maildir"), \.mailLocation, MailLocation.parse),
        .init("imap_max_line_length", .text("65536"), \.imapMaxLineLength, ValueParser.size),
        .init("mail_max_userip_connections", .text("10"), \.mailMaxUserIPConnections, ValueParser.wholeNumber),
        .init("mailbox_idle_check_interval", .text("30s"), \.mailboxIdleCheckInterval, ValueParser.time),
        .init("first_valid_uid", .text("1000"), \.firstValidUID, ValueParser.userID),
        .init("last_valid_uid", .text("0"), \.lastValidUID, ValueParser.userID),
        // mailroom
        .init("data_directory", .text("./mailroom-data"), \.dataDirectory, ValueParser.path),
        .init("user_database", .text("passwd-file:$data_directory/users"), \.userDatabase, UserDatabaseSetting.parse),
        .init("mail_owner", .text("mailroom"), \.mailOwner, ValueParser.text),
        .init("virtual_uid", .text(""), \.virtualUID, ValueParser.optionalUserID),
        .init("virtual_gid", .text(""), \.virtualGID, ValueParser.optionalUserID),
        .init("tls_cert_file", .text(""), \.tlsCertFile, ValueParser.optionalPath),
        .init("tls_key_file", .text(""), \.tlsKeyFile, ValueParser.optionalPath),
        .init("dns_zones", .text(""), \.dnsZones, DNSZoneSetting.parseList),
        .init("named_conf", .text(""), \.namedConf, ValueParser.optionalPath),
        .init("resolver", .text(""), \.resolver, ValueParser.resolvers),
        .init("smtp_remote_port", .text("25"), \.smtpRemotePort, ValueParser.remotePort),
        .init("dns_tcp_timeout", .text("30s"), \.dnsTCPTimeout, ValueParser.time),
        .init("dns_tcp_connection_limit", .text("10"), \.dnsTCPConnectionLimit, ValueParser.wholeNumber),
        .init("dns_tcp_clients", .text("150"), \.dnsTCPClients, ValueParser.wholeNumber),
        .init("imap_login_timeout", .text("60s"), \.imapLoginTimeout, ValueParser.time),
        .init("imap_autologout", .text("30m"), \.imapAutologout, ValueParser.autologoutTime),
        .init("session_time_limit", .text("1h"), \.sessionTimeLimit, ValueParser.time),
        .init("lmtp_interfaces", .text("loopback-only"), \.lmtpInterfaces, InetInterfaces.parse),
        .init("dns_udp_payload_size", .text("1232"), \.dnsUDPPayloadSize, ValueParser.udpPayloadSize),
    ] + Listener.allCases.map { listener in
        .init(listener.portSettingName, .port(listener), \.ports[listener], ValueParser.port)
    }

    static let synonyms: [SettingSynonym] = [
        .init(name: "smtpd_tls_cert_file", canonical: "tls_cert_file", dropsFileMarker: false),
        .init(name: "smtpd_tls_key_file", canonical: "tls_key_file", dropsFileMarker: false),
        .init(name: "ssl_cert", canonical: "tls_cert_file", dropsFileMarker: true),
        .init(name: "ssl_key", canonical: "tls_key_file", dropsFileMarker: true),
    ]

    static let definitionsByName: [String: SettingDefinition] =
        Dictionary(uniqueKeysWithValues: definitions.map { ($0.name, $0) })

    static let synonymsByName: [String: SettingSynonym] =
        Dictionary(uniqueKeysWithValues: synonyms.map { ($0.name, $0) })

    /// Every name accepted in a file, for "did you mean" suggestions.
    static let acceptedNames: [String] = definitions.map(\.name) + synonyms.map(\.name)
}
