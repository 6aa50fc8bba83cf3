import MailroomConfig
import Testing

/// `mailroom config check` output, like `postconf -n`.
@Suite("config check output")
struct ConfigCheckTests {
    @Test("settings that differ from the file defaults, sorted, raw")
    func changedSettings() throws {
        let loaded = try load(
            "smtp_port = 40001",
            "myhostname = mail.example.test",
            "mydestination = $myhostname,",
            "    localhost.${mydomain},",
            "\tlocalhost, $mydomain",
            "recipient_delimiter = +",
            "imap_port = 143",
            "biff = no",
            "message_size_limit = 1048576",
            "mynetworks = 192.0.2.0/24"
        )
        #expect(loaded.nonDefaultLines() == [
            "message_size_limit = 1048576",
            "mydestination = $myhostname, localhost.${mydomain}, localhost, $mydomain",
            "myhostname = mail.example.test",
            "mynetworks = 192.0.2.0/24",
            "smtp_port = 40001",
        ])
    }

    @Test("a value written differently but meaning the default is not printed", arguments: [
        "myorigin = $myhostname", "myorigin = host.example.org", "mydomain = example.org",
        "mydestination = $myhostname, localhost.$mydomain, localhost", "smtpd_timeout = 300s",
    ])
    func defaultValuesAreNotPrinted(line: String) throws {
        #expect(try load(line, hostName: "host.example.org").nonDefaultLines().isEmpty)
    }

    @Test("a setting whose default moves with another setting is printed when it differs")
    func dependentDefault() throws {
        // myorigin's default is $myhostname, which is now mail.example.test.
        #expect(try load("myhostname = mail.example.test", "myorigin = host.example.org").nonDefaultLines() == [
            "myhostname = mail.example.test", "myorigin = host.example.org",
        ])
    }

    @Test("a setting another is written in terms of is printed when its default would loop (MainCfFuzzer)")
    func settingWhoseDefaultLoopsWithoutIt() throws {
        // Without its line, mydomain's default is myhostname's parent, and myhostname is mx1.$mydomain.
        let lines = try load("mydomain = example.test", "myhostname = mx1.$mydomain").nonDefaultLines()
        #expect(lines == ["mydomain = example.test", "myhostname = mx1.$mydomain"])
        #expect(try load(lines.joined(separator: "\n")).settings.myhostname == "mx1.example.test")
    }
}
