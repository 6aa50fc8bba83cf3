import MailroomConfig
import Testing

/// postconf(5) parameter expansion: `$name`, `${name}`, conditionals, `$$`, defaults, cycles.
@Suite("$name expansion")
struct ExpansionTests {
    // recipient_delimiter takes any text, so it shows what expansion produced.
    @Test("reference forms", arguments: [
        ("$mydomain", "example.test"),
        ("${mydomain}", "example.test"),
        ("$(mydomain)", "example.test"),
        ("mx.${mydomain}", "mx.example.test"),
        ("${mydomain}x", "example.testx"),
        ("$mydomain.x", "example.test.x"),
        ("${mydomain?present}", "present"),
        ("${mydomain:absent}", ""),
        ("${relayhost?present}", ""),
        ("${relayhost:absent.${mydomain}}", "absent.example.test"),
        ("${relayhost:a}${mydomain?{b}}", "a{b}"),
    ])
    func referenceForms(value: String, expanded: String) throws {
        #expect(try settings("mydomain = example.test", "recipient_delimiter = " + value).recipientDelimiter == expanded)
    }

    @Test("$$ is a literal dollar and a lone $ stays as written")
    func literalDollar() throws {
        #expect(try settings("recipient_delimiter = $$").recipientDelimiter == "$")
        #expect(try settings("recipient_delimiter = +$").recipientDelimiter == "+$")
        #expect(try settings("recipient_delimiter = $$mydomain").recipientDelimiter == "$mydomain")
    }

    @Test("settings not in the file expand to their defaults")
    func defaultsAreReferenced() throws {
        let s = try settings("myorigin = $mydomain", "alias_maps = hash:$data_directory/aliases.local",
                             hostName: "box.lab.example.org")
        #expect(s.myorigin == "lab.example.org")
        #expect(s.aliasMaps == ["./mailroom-data/aliases.local"])
    }

    @Test("expansion is recursive through written settings and defaults")
    func recursive() throws {
        let s = try settings("myhostname = mx1.example.test", "mydestination = $myorigin")
        #expect(s.mydestination == ["mx1.example.test"])
        #expect(s.mydomain == "example.test")
    }

    @Test("a written Postfix setting can be referred to")
    func foreignReference() throws {
        #expect(try settings("virtual_mailbox_base = /srv/mail", "data_directory = $virtual_mailbox_base/mailroom")
            .dataDirectory == "/srv/mail/mailroom")
    }

    @Test("an undefined reference is an error at the line that uses it", arguments: [
        ("myhostname = a.example.test\nmyorigin = $nosuch\n",
         "main.cf:2: myorigin: \"$nosuch\" refers to no setting"),
        ("myorigin = $b\n", "main.cf:1: myorigin: \"$b\" refers to no setting"),
        ("myorigin = ${mydomian}\n",
         "main.cf:1: myorigin: \"$mydomian\" refers to no setting (did you mean \"$mydomain\"?)"),
        ("myorigin = $mydomain\nmydomain = ${nosuch?x}\n",
         "main.cf:2: mydomain: \"$nosuch\" refers to no setting"),
    ])
    func undefinedReference(text: String, expected: String) {
        #expect(loadError(text)?.description == expected)
        #expect(loadError(text)?.code == .undefinedReference)
    }

    @Test("a cycle is an error naming the chain", arguments: [
        ("myorigin = $mydomain\nmydomain = $myorigin\n", "main.cf:1: $myorigin refers to itself: myorigin -> mydomain -> myorigin"),
        ("myhostname = $myhostname\n", "main.cf:1: $myhostname refers to itself: myhostname -> myhostname"),
        // mydomain's computed default reads myhostname, so this loops through a default.
        ("myhostname = $mydomain\n", "main.cf:1: $myhostname refers to itself: myhostname -> mydomain -> myhostname"),
        ("smtpd_banner = $biff\nbiff = ${smtpd_banner}\nmyorigin = $biff\n",
         "main.cf:1: $smtpd_banner refers to itself: smtpd_banner -> biff -> smtpd_banner"),
    ])
    func cycle(text: String, expected: String) {
        #expect(loadError(text)?.description == expected)
        #expect(loadError(text)?.code == .cycle)
    }

    @Test("malformed braces are errors", arguments: [
        ("myorigin = ${mydomain\n", "main.cf:1: myorigin: missing \"}\" after \"${mydomain\""),
        ("myorigin = ${my-domain}\n", "main.cf:1: myorigin: \"${my-domain}\" is not ${name}, ${name?text} or ${name:text}"),
    ])
    func malformedBraces(text: String, expected: String) {
        #expect(loadError(text)?.description == expected)
    }
}
