@testable import MailroomConfig
import MailCore
import Testing

/// Files written for Postfix and Dovecot, and the ones the project itself uses, load and mean
/// what those programs mean.
@Suite("Postfix and Dovecot compatibility")
struct CompatibilityTests {
    @Test("the seed's settings mean what Postfix and Dovecot mean")
    func seedSettings() throws {
        let loaded = try load(
            "myhostname = mail.example.test",
            "mydomain = example.test",
            "myorigin = $mydomain",
            "inet_interfaces = all",
            "mydestination = $myhostname, $mydomain",
            "protocols = imap pop3 lmtp",
            "disable_plaintext_auth = no",
            "login_trusted_networks = 192.168.1.0/24",
            "mail_location = mbox:~/mail:INBOX=/var/mail/%u"
        )
        let s = loaded.settings
        #expect(loaded.warnings.map(\.description) == [
            "main.cf:7: warning: disable_plaintext_auth = no lets clients outside login_trusted_networks and "
                + "loopback send their passwords without TLS",
        ], "the seed's one weakness is named, at its line")
        #expect(s.myhostname == "mail.example.test")
        #expect(s.mydomain == "example.test")
        #expect(s.myorigin == "example.test")
        #expect(s.inetInterfaces == .all)
        #expect(s.mydestination == ["mail.example.test", "example.test"])
        #expect(s.protocols == [.imap, .pop3, .lmtp])
        #expect(s.enabledListeners == [.imap, .imaps, .pop3, .pop3s, .lmtp])
        #expect(s.ports[.imap] == 143 && s.ports[.pop3s] == 995 && s.ports[.lmtp] == 24)
        #expect(!s.disablePlaintextAuth)
        #expect(s.loginTrustedNetworks == [IPNetwork("192.168.1.0/24")!])
        #expect(s.mailLocation == MailLocation(format: .mbox, root: "~/mail", inbox: "/var/mail/%u"))
    }

    /// `config_text()` of the acceptance suite's mailharness/targets.py, for an mbox scenario
    /// serving DNS from zone files.
    static let acceptanceFile = """
        # mailroom configuration written by the acceptance suite
        protocols = smtp submission submissions lmtp imap pop3 dns
        myhostname = mail.example.test
        mydomain = example.test
        myorigin = $mydomain
        inet_interfaces = 127.0.0.1
        mydestination = $myhostname, localhost.$mydomain, localhost, $mydomain
        mynetworks = 192.0.2.0/24
        data_directory = /tmp/pytest-of-root/pytest-0/mailroom0/data
        alias_maps = hash:/tmp/pytest-of-root/pytest-0/mailroom0/aliases
        message_size_limit = 1048576
        mail_location = mbox:~/mail:INBOX=/tmp/pytest-of-root/pytest-0/mailroom0/spool/%n
        tls_cert_file = /tmp/pytest-of-root/pytest-0/mailroom0/cert.pem
        tls_key_file = /tmp/pytest-of-root/pytest-0/mailroom0/key.pem
        smtp_port = 40001
        submission_port = 40002
        submissions_port = 40003
        imap_port = 40004
        imaps_port = 40005
        pop3_port = 40006
        pop3s_port = 40007
        lmtp_port = 40008
        dns_port = 40009
        dns_zones = example.test=/tmp/pytest-of-root/pytest-0/mailroom0/example.test.zone, other.test=/tmp/o.zone
        resolver = 127.0.0.1:40009
        smtp_remote_port = 40010

        """

    @Test("the acceptance suite's file parses")
    func acceptanceFile() throws {
        let loaded = try Settings.parse(Self.acceptanceFile, file: "/tmp/mailroom.cf", hostName: "ci-runner")
        let s = loaded.settings
        let root = "/tmp/pytest-of-root/pytest-0/mailroom0"
        #expect(loaded.warnings.isEmpty)
        #expect(s.inetInterfaces == .addresses([IPAddress("127.0.0.1")!]))
        #expect(s.mydestination == ["mail.example.test", "localhost.example.test", "localhost", "example.test"])
        #expect(s.aliasMaps == ["\(root)/aliases"])
        #expect(s.userDatabase == .passwdFile(path: "\(root)/data/users"))
        #expect(s.mailLocation.inbox == "\(root)/spool/%n")
        #expect(s.enabledListeners == Listener.allCases)
        #expect(Listener.allCases.map { s.ports[$0] } == Array(40001...40009))
        #expect(s.dnsZones.map(\.domain) == ["example.test", "other.test"])
        #expect(s.resolver == ["127.0.0.1:40009"])
        #expect(s.smtpRemotePort == 40010)
        #expect(s.tlsCertFile == "\(root)/cert.pem")
    }

    @Test("Postfix and Dovecot settings with no meaning here are warnings", arguments: [
        ("biff = no", "main.cf:2: warning: biff is a Postfix setting that mailroom does not use; ignored"),
        ("readme_directory = no", "main.cf:2: warning: readme_directory is a Postfix setting that mailroom does not use; ignored"),
        ("smtpd_relay_restrictions = permit_mynetworks permit_sasl_authenticated defer_unauth_destination",
         "main.cf:2: warning: smtpd_relay_restrictions is a Postfix setting that mailroom does not use; ignored"),
        ("ssl = required", "main.cf:2: warning: ssl is a Dovecot setting that mailroom does not use; ignored"),
        ("first_valid_gid = 1000", "main.cf:2: warning: first_valid_gid is a Dovecot setting that mailroom does not use; ignored"),
    ])
    func foreignWarnings(line: String, warning: String) throws {
        let loaded = try load("# header", line)
        #expect(loaded.warnings.map(\.description) == [warning])
        #expect(loaded.nonDefaultLines().isEmpty)
    }

    @Test("a CentOS main.cf loads with warnings only")
    func centOSMainCF() throws {
        let loaded = try load(
            "queue_directory = /var/spool/postfix", "command_directory = /usr/sbin",
            "daemon_directory = /usr/libexec/postfix", "data_directory = /var/lib/postfix",
            "mail_owner = postfix", "inet_interfaces = localhost", "inet_protocols = all",
            "mydestination = $myhostname, localhost.$mydomain, localhost",
            "unknown_local_recipient_reject_code = 550", "alias_maps = hash:/etc/aliases",
            "alias_database = hash:/etc/aliases", "debug_peer_level = 2",
            "debugger_command =", "\t PATH=/bin:/usr/bin:/usr/local/bin:/usr/X11R6/bin", "\t ddd $daemon_directory/$process_name $process_id & sleep 5",
            "sendmail_path = /usr/sbin/sendmail.postfix", "newaliases_path = /usr/bin/newaliases.postfix",
            "mailq_path = /usr/bin/mailq.postfix", "setgid_group = postdrop",
            "html_directory = no", "manpage_directory = /usr/share/man",
            "sample_directory = /usr/share/doc/postfix-2.10.1/samples", "readme_directory = /usr/share/doc/postfix-2.10.1/README_FILES",
            "smtpd_tls_cert_file = /etc/pki/tls/certs/postfix.pem", "smtpd_tls_key_file = /etc/pki/tls/private/postfix.key",
            "smtpd_tls_security_level = may", "meta_directory = /etc/postfix", "shlib_directory = no",
            "compatibility_level = 2", "biff = no", "append_dot_mydomain = no", "home_mailbox = Maildir/",
            "smtpd_banner = $myhostname ESMTP $mail_name"
        )
        #expect(loaded.settings.inetInterfaces == .loopbackOnly)
        #expect(loaded.settings.aliasMaps == ["/etc/aliases"])
        #expect(loaded.settings.dataDirectory == "/var/lib/postfix")
        #expect(loaded.settings.tlsCertFile == "/etc/pki/tls/certs/postfix.pem")
        #expect(loaded.settings.mailLocation == MailLocation(format: .maildir, root: "~/Maildir"), "home_mailbox = Maildir/")
        // mail_owner is honoured: started as root, mailroom runs as postfix, as Postfix did.
        #expect(loaded.settings.mailOwner == "postfix")
        #expect(loaded.warnings.count == 22)
        #expect(loaded.warnings.first?.description.hasPrefix("main.cf:1: warning: queue_directory is a Postfix setting") == true)
    }

    @Test("Postfix and Dovecot names for the TLS files are synonyms", arguments: [
        ("smtpd_tls_cert_file = /c.pem\nsmtpd_tls_key_file = /k.pem", "/c.pem", "/k.pem"),
        ("ssl_cert = </etc/dovecot/c.pem\nssl_key = < /etc/dovecot/k.pem", "/etc/dovecot/c.pem", "/etc/dovecot/k.pem"),
        ("ssl_cert = /plain.pem\nssl_key = /plain.key", "/plain.pem", "/plain.key"),
        ("tls_cert_file = /old.pem\nssl_cert = </new.pem\ntls_key_file = /k.pem", "/new.pem", "/k.pem"),
    ])
    func tlsSynonyms(text: String, cert: String, key: String) throws {
        let loaded = try load(text)
        #expect(loaded.settings.tlsCertFile == cert)
        #expect(loaded.settings.tlsKeyFile == key)
        #expect(loaded.warnings.isEmpty)
        #expect(loaded.nonDefaultLines() == ["tls_cert_file = \(cert)", "tls_key_file = \(key)"])
    }

    @Test("no name is both a mailroom setting and an ignored one")
    func schemaAndForeignNamesAreDisjoint() {
        let ours = Set(SettingsSchema.acceptedNames)
        #expect(ours.count == SettingsSchema.acceptedNames.count)
        #expect(ours.isDisjoint(with: ForeignSettings.postfix))
        #expect(ours.isDisjoint(with: ForeignSettings.dovecot))
        #expect(ForeignSettings.postfix.count >= 100)
    }

    @Test("edit distance")
    func editDistance() {
        #expect(NameSuggestion.editDistance("myhostnmae", "myhostname") == 2)
        #expect(NameSuggestion.editDistance("", "abc") == 3)
        #expect(NameSuggestion.editDistance("abc", "") == 3)
        #expect(NameSuggestion.editDistance("kitten", "sitting") == 3)
        #expect(NameSuggestion.closest(to: "relayhots") == "relayhost")
        #expect(NameSuggestion.closest(to: "completely_different") == nil)
    }
}
