import Foundation
import MailCore
import MailroomConfig
import Testing

/// The two default sets and the computed defaults (interface.md, both tables).
@Suite("defaults")
struct DefaultsTests {
    @Test("built-in defaults: no file at all")
    func builtInDefaults() throws {
        let loaded = try Settings.load(path: nil, hostName: "box.lab.example.org")
        let s = loaded.settings
        #expect(loaded.path == nil)
        #expect(loaded.warnings.isEmpty)
        #expect(loaded.nonDefaultLines().isEmpty)
        #expect(s.myhostname == "box.lab.example.org")
        #expect(s.mydomain == "lab.example.org")
        #expect(s.myorigin == "box.lab.example.org")
        #expect(s.inetInterfaces == .loopbackOnly)
        #expect(s.mydestination == ["box.lab.example.org", "localhost.lab.example.org", "localhost"])
        #expect(s.mynetworks == [IPNetwork("127.0.0.0/8")!, IPNetwork("::1/128")!])
        #expect(s.relayDomains.isEmpty)
        #expect(s.relayhost == nil)
        #expect(s.aliasMaps == ["./mailroom-data/aliases"])
        #expect(s.messageSizeLimit == 10_240_000)
        #expect(s.recipientDelimiter == "+")
        #expect(s.protocols == [.smtp, .submission, .imap, .pop3, .lmtp])
        #expect(s.disablePlaintextAuth)
        #expect(s.loginTrustedNetworks.isEmpty)
        #expect(s.mailLocation == MailLocation(format: .maildir, root: "~/Maildir"))
        #expect(s.dataDirectory == "./mailroom-data")
        #expect(s.userDatabase == .passwdFile(path: "./mailroom-data/users"))
        #expect(s.tlsCertFile == nil && s.tlsKeyFile == nil)
        #expect(s.dnsZones.isEmpty && s.namedConf == nil && s.resolver.isEmpty)
        #expect(s.smtpRemotePort == 25)
        #expect(s.smtpdRecipientLimit == 1000)
        #expect(s.smtpdClientConnectionCountLimit == 50)
        #expect(s.smtpdTimeout == .seconds(300))
        #expect(s.dnsTCPTimeout == .seconds(30))
        #expect(s.dnsTCPConnectionLimit == 10)
        #expect(s.dnsUDPPayloadSize == 1232)
        #expect(s.lineLengthLimit == 2048)
        #expect(s.imapMaxLineLength == 65536)
        #expect(s.firstValidUID == 1000 && s.lastValidUID == 0)
        #expect(s.virtualUID == nil && s.virtualGID == nil)
        #expect(s.defaultProcessLimit == 100)
        #expect(s.sessionTimeLimit == .seconds(3600))
        #expect(s.lmtpInterfaces == .loopbackOnly)
        #expect(s.dnsTCPClients == 150)
    }

    @Test("ports: unprivileged without a file, standard ones in a file", arguments: Listener.allCases)
    func ports(listener: Listener) throws {
        let builtIn = try Settings.load(path: nil, hostName: "h.example.org").settings
        let file = try settings("")
        #expect(builtIn.ports[listener] == listener.builtInDefaultPort)
        #expect(file.ports[listener] == listener.standardPort)
    }

    @Test("the two port sets", arguments: [
        (Listener.smtp, 2525, 25), (.submission, 2587, 587), (.submissions, 2465, 465), (.imap, 1143, 143),
        (.imaps, 1993, 993), (.pop3, 1110, 110), (.pop3s, 1995, 995), (.lmtp, 2424, 24), (.dns, 5353, 53),
    ])
    func portNumbers(listener: Listener, builtIn: Int, standard: Int) {
        #expect(listener.builtInDefaultPort == builtIn)
        #expect(listener.standardPort == standard)
        #expect(listener.portSettingName == "\(listener)_port")
    }

    @Test("mydomain is myhostname minus its first label, or localdomain", arguments: [
        ("mail.example.test", "example.test"), ("a.b.c.example.test", "b.c.example.test"), ("localhost", "localdomain"),
    ])
    func computedMydomain(hostName: String, domain: String) throws {
        #expect(try Settings.load(path: nil, hostName: hostName).settings.mydomain == domain)
        // The written myhostname counts, not the system's.
        #expect(try settings("myhostname = \(hostName)", hostName: "other.example.org").mydomain == domain)
    }

    @Test("myhostname defaults to the process's host name")
    func systemHostName() throws {
        let name = ProcessInfo.processInfo.hostName
        try #require((try? Settings.load(path: nil)) != nil, "host name \(name) is not usable")
        #expect(try Settings.load(path: nil).settings.myhostname == name)
    }

    @Test("data_directory moves the files under it, relative paths kept as written")
    func dataDirectory() throws {
        let s = try settings("data_directory = var/mailroom")
        #expect(s.dataDirectory == "var/mailroom")
        #expect(s.aliasMaps == ["var/mailroom/aliases"])
        #expect(s.userDatabase == .passwdFile(path: "var/mailroom/users"))
    }

    @Test("enabledListeners follows protocols and skips port 0", arguments: [
        ("", [Listener.smtp, .submission, .imap, .imaps, .pop3, .pop3s, .lmtp]),
        ("protocols = imap", [.imap, .imaps]),
        ("protocols = dns smtp submissions", [.smtp, .submissions, .dns]),
        ("protocols = pop3\npop3s_port = 0", [.pop3]),
        ("protocols = none", []),
        ("protocols =", []),
        ("smtp_port = 0\nimaps_port = 0\nlmtp_port = 0", [.submission, .imap, .pop3, .pop3s]),
    ])
    func enabledListeners(text: String, expected: [Listener]) throws {
        #expect(try settings(text).enabledListeners == expected)
    }

    @Test("implicit TLS listeners")
    func implicitTLS() {
        #expect(Listener.allCases.filter(\.usesImplicitTLS) == [.submissions, .imaps, .pop3s])
    }

    @Test("each protocol opens its listeners")
    func protocolListeners() {
        #expect(ServiceProtocol.allCases.flatMap(\.listeners) == Listener.allCases)
        #expect(Listener.allCases.allSatisfy { $0.serviceProtocol.listeners.contains($0) })
    }
}
