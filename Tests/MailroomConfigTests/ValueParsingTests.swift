import MailCore
import MailroomConfig
import Testing

/// Values that parse, and what they mean.
@Suite("value parsing")
struct ValueParsingTests {
    @Test("inet_interfaces", arguments: [
        ("all", InetInterfaces.all), ("loopback-only", .loopbackOnly), ("localhost", .loopbackOnly),
        ("127.0.0.1", .addresses([IPAddress("127.0.0.1")!])),
        ("127.0.0.1, [::1]", .addresses([IPAddress("127.0.0.1")!, IPAddress("::1")!])),
        ("192.0.2.1 2001:db8::1", .addresses([IPAddress("192.0.2.1")!, IPAddress("2001:db8::1")!])),
    ])
    func inetInterfaces(value: String, expected: InetInterfaces) throws {
        #expect(try settings("inet_interfaces = \(value)").inetInterfaces == expected)
    }

    @Test("network lists, separated by commas and/or white space, IPv6 in Postfix's brackets")
    func networks() throws {
        let s = try settings("mynetworks = 10.0.0.0/8,192.0.2.7 , [2001:db8::]/32\t[::1]/128")
        #expect(s.mynetworks.map(\.description) == ["10.0.0.0/8", "192.0.2.7/32", "[2001:db8::]/32", "[::1]/128"])
    }

    @Test("relayhost forms", arguments: [
        ("[smtp.example.test]:587", Relayhost(host: "smtp.example.test", port: 587, mxLookup: false)),
        ("[smtp.example.test]", Relayhost(host: "smtp.example.test", port: 25, mxLookup: false)),
        ("example.test", Relayhost(host: "example.test", port: 25, mxLookup: true)),
        ("example.test:2525", Relayhost(host: "example.test", port: 2525, mxLookup: true)),
        ("[192.0.2.1]:26", Relayhost(host: "192.0.2.1", port: 26, mxLookup: false)),
        ("[ipv6:2001:db8::1]:26", Relayhost(host: "2001:db8::1", port: 26, mxLookup: false)),
        ("[2001:db8::1]", Relayhost(host: "2001:db8::1", port: 25, mxLookup: false)),
    ])
    func relayhost(value: String, expected: Relayhost) throws {
        #expect(try settings("relayhost = \(value)").relayhost == expected)
    }

    @Test("mail_location forms", arguments: [
        ("maildir:~/Maildir", MailLocation(format: .maildir, root: "~/Maildir")),
        ("maildir:~/Maildir:LAYOUT=fs", MailLocation(format: .maildir, root: "~/Maildir", options: ["LAYOUT": "fs"])),
        ("mbox:~/mail:INBOX=/var/mail/%u", MailLocation(format: .mbox, root: "~/mail", inbox: "/var/mail/%u")),
        ("mbox:~/mail:inbox=/var/mail/%u:NO-NOSELECT",
         MailLocation(format: .mbox, root: "~/mail", inbox: "/var/mail/%u", options: ["NO-NOSELECT": ""])),
        ("MAILDIR:/srv/mail/%d/%n", MailLocation(format: .maildir, root: "/srv/mail/%d/%n")),
    ])
    func mailLocation(value: String, expected: MailLocation) throws {
        #expect(try settings("mail_location = \(value)").mailLocation == expected)
    }

    @Test("user_database forms", arguments: [
        ("system", UserDatabaseSetting.system), ("passwd-file:/etc/mailroom/users", .passwdFile(path: "/etc/mailroom/users")),
    ])
    func userDatabase(value: String, expected: UserDatabaseSetting) throws {
        #expect(try settings("user_database = \(value)").userDatabase == expected)
    }

    @Test("first_valid_uid, last_valid_uid, virtual_uid and virtual_gid are ids")
    func userIDs() throws {
        let s = try settings("first_valid_uid = 500", "last_valid_uid = 60000", "virtual_uid = 5000", "virtual_gid = 0")
        #expect(s.firstValidUID == 500 && s.lastValidUID == 60000)
        #expect(s.virtualUID == 5000 && s.virtualGID == 0)
        #expect(throws: (any Error).self) { try settings("virtual_uid = vmail") }
        #expect(throws: (any Error).self) { try settings("first_valid_uid = 4294967295") }
    }

    @Test("alias_maps strips the compiled-map prefixes")
    func aliasMaps() throws {
        let s = try settings("alias_maps = hash:/etc/aliases, lmdb:/a btree:/b,dbm:/c /plain cdb:/d texthash:/e")
        #expect(s.aliasMaps == ["/etc/aliases", "/a", "/b", "/c", "/plain", "/d", "/e"])
        #expect(try settings("alias_maps =").aliasMaps.isEmpty)
    }

    @Test("protocols, Dovecot style", arguments: [
        ("imap pop3 lmtp", [.imap, .pop3, .lmtp]),
        ("smtp,submission, submissions IMAP dns", [.smtp, .submission, .submissions, .imap, .dns]),
        ("none", []),
    ] as [(String, Set<ServiceProtocol>)])
    func protocols(value: String, expected: Set<ServiceProtocol>) throws {
        #expect(try settings("protocols = \(value)").protocols == expected)
    }

    @Test("Postfix times", arguments: [
        ("300", Duration.seconds(300)), ("300s", .seconds(300)), ("5m", .seconds(300)), ("1h", .seconds(3600)),
        ("2d", .seconds(172_800)), ("1w", .seconds(604_800)),
    ])
    func times(value: String, expected: Duration) throws {
        #expect(try settings("smtpd_timeout = \(value)").smtpdTimeout == expected)
    }

    @Test("Dovecot sizes", arguments: [("65536", 65536), ("64k", 65536), ("1M", 1_048_576), ("1G", 1 << 30)])
    func sizes(value: String, expected: Int) throws {
        #expect(try settings("imap_max_line_length = \(value)").imapMaxLineLength == expected)
    }

    @Test("booleans in any case", arguments: [("yes", true), ("no", false), ("YES", true), ("No", false)])
    func booleans(value: String, expected: Bool) throws {
        #expect(try settings("disable_plaintext_auth = \(value)").disablePlaintextAuth == expected)
    }

    @Test("domain lists are lower-cased")
    func domainLists() throws {
        let s = try settings("mydestination = Example.TEST localhost", "relay_domains = Relay.Example.test,other.test")
        #expect(s.mydestination == ["example.test", "localhost"])
        #expect(s.relayDomains == ["relay.example.test", "other.test"])
    }

    @Test("dns_zones pairs, trailing dot dropped")
    func dnsZones() throws {
        let s = try settings("dns_zones = Example.test.=/z/example.test, other.test=zones/other.zone")
        #expect(s.dnsZones == [DNSZoneSetting(domain: "example.test", file: "/z/example.test"),
                               DNSZoneSetting(domain: "other.test", file: "zones/other.zone")])
    }

    @Test("resolver entries become host:port, port 53 by default")
    func resolver() throws {
        let s = try settings("resolver = 127.0.0.1:5353, 192.0.2.53 [::1]:53 2001:db8::53 [2001:db8::1] ns.example.test")
        #expect(s.resolver == ["127.0.0.1:5353", "192.0.2.53:53", "[::1]:53", "[2001:db8::53]:53",
                               "[2001:db8::1]:53", "ns.example.test:53"])
    }

    @Test("paths and limits")
    func pathsAndLimits() throws {
        let s = try settings("named_conf = /etc/named.conf", "tls_cert_file = /c.pem", "tls_key_file = /k.pem",
                             "smtp_remote_port = 2525", "message_size_limit = 0", "smtpd_recipient_limit = 5",
                             "smtpd_client_connection_count_limit = 0", "line_length_limit = 1000")
        #expect(s.namedConf == "/etc/named.conf" && s.tlsCertFile == "/c.pem" && s.tlsKeyFile == "/k.pem")
        #expect(s.smtpRemotePort == 2525 && s.messageSizeLimit == 0 && s.smtpdRecipientLimit == 5)
        #expect(s.smtpdClientConnectionCountLimit == 0 && s.lineLengthLimit == 1000)
    }

    @Test("connection limits: default_process_limit (Postfix's and Dovecot's name), session_time_limit, dns_tcp_clients")
    func connectionLimits() throws {
        let s = try settings("default_process_limit = 20", "session_time_limit = 10m", "dns_tcp_clients = 0")
        #expect(s.defaultProcessLimit == 20 && s.sessionTimeLimit == .seconds(600) && s.dnsTCPClients == 0)
        #expect(try settings("session_time_limit = 0").sessionTimeLimit == .zero)
    }

    @Test("lmtp_interfaces takes what inet_interfaces takes")
    func lmtpInterfaces() throws {
        #expect(try settings("lmtp_interfaces = all").lmtpInterfaces == .all)
        #expect(try settings("lmtp_interfaces = 192.0.2.1, [::1]").lmtpInterfaces
            == .addresses([IPAddress("192.0.2.1")!, IPAddress("::1")!]))
    }
}
