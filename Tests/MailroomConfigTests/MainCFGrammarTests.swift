import MailCore
import MailroomConfig
import Testing

/// postconf(5) syntax: comments, blank lines, continuation lines, white space.
@Suite("main.cf grammar")
struct MainCFGrammarTests {
    @Test("comments and blank lines are skipped", arguments: [
        "# comment\nmyhostname = a.example.test\n",
        "\n\n   \nmyhostname = a.example.test\n\n",
        "  # indented comment\nmyhostname = a.example.test\n",
        "myhostname = a.example.test\n#trailing comment",
        "myhostname = a.example.test\r\n# CRLF file\r\n",
    ])
    func commentsAndBlankLines(text: String) throws {
        let loaded = try Settings.parse(text, file: testFile, hostName: "h.example.org")
        #expect(loaded.settings.myhostname == "a.example.test")
    }

    @Test("white space around = and at the ends is trimmed", arguments: [
        "recipient_delimiter=-", "recipient_delimiter = -", "recipient_delimiter\t=\t-  ", "recipient_delimiter   =-\t",
    ])
    func whiteSpaceAroundEquals(line: String) throws {
        #expect(try settings(line).recipientDelimiter == "-")
    }

    @Test("= inside a value belongs to the value")
    func equalsInValue() throws {
        let zones = try settings("dns_zones = example.test=/etc/zones/example.test").dnsZones
        #expect(zones == [DNSZoneSetting(domain: "example.test", file: "/etc/zones/example.test")])
    }

    @Test("# after the start of a line is part of the value")
    func hashInsideValue() throws {
        #expect(try settings("recipient_delimiter = +#").recipientDelimiter == "+#")
    }

    @Test("continuation lines starting with spaces or tabs join with one space")
    func continuationLines() throws {
        let loaded = try load(
            "mydestination = a.example.test,",
            "    b.example.test,",
            "\tc.example.test",
            "  \t  d.example.test",
            "myorigin = x.example.test"
        )
        #expect(loaded.settings.mydestination == ["a.example.test", "b.example.test", "c.example.test", "d.example.test"])
        #expect(loaded.nonDefaultLines().contains(
            "mydestination = a.example.test, b.example.test, c.example.test d.example.test"))
    }

    @Test("comment and blank lines inside a continued setting do not end it, as in Postfix")
    func commentInsideContinuation() throws {
        let loaded = try load("mynetworks = 10.0.0.0/8", "# the lab", "", "  192.0.2.0/24")
        #expect(loaded.settings.mynetworks.map(\.description) == ["10.0.0.0/8", "192.0.2.0/24"])
    }

    @Test("the last of two lines with the same name wins")
    func lastWins() throws {
        #expect(try settings("smtp_port = 1", "smtp_port = 2").ports[.smtp] == 2)
    }

    @Test("an empty value is allowed")
    func emptyValue() throws {
        #expect(try settings("relayhost =").relayhost == nil)
    }

    @Test("syntax errors name the line where the logical line starts", arguments: [
        ("myhostname = a.example.test\nthis line has no equals sign\n", "main.cf:2: expected \"name = value\", found \"this line has no equals sign\""),
        ("  continued = before anything\n", "main.cf:1: continuation line without a setting before it: \"continued = before anything\""),
        ("# header\n\n\tstray\nmyhostname = a\n", "main.cf:3: continuation line without a setting before it: \"stray\""),
        ("= value\n", "main.cf:1: \"\" is not a setting name (letters, digits and \"_\")"),
        ("my hostname = a\n", "main.cf:1: \"my hostname\" is not a setting name (letters, digits and \"_\")"),
        ("mynetworks = 10.0.0.0/8\n  10.1.0.0/16\nbroken\n  continued\n", "main.cf:3: expected \"name = value\", found \"broken continued\""),
    ])
    func syntaxErrors(text: String, expected: String) {
        let error = loadError(text)
        #expect(error?.description == expected)
        #expect(error?.code == .syntax)
    }
}
