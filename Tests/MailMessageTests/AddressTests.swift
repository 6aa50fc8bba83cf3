import MailMessage
import Testing

@Suite("Address lists (RFC 5322 §3.4, §4.4; ENVELOPE addresses RFC 9051 §7.5.2)")
struct AddressTests {
    static func address(_ name: ByteString?, _ mailbox: ByteString, _ host: ByteString, adl: ByteString? = nil) -> Address {
        Address(name: name, adl: adl, mailbox: mailbox, host: host)
    }

    static func parse(_ field: String) -> [Address] {
        Envelope(header: MessageHeader(parsing: Array("To: \(field)\r\n\r\n".utf8))).to
    }

    @Test("RFC 5322 Appendix A address forms", arguments: [
        // A.1.1
        ("Mary Smith <mary@example.net>", [address("Mary Smith", "mary", "example.net")]),
        // A.1.2
        ("\"Joe Q. Public\" <john.q.public@example.com>", [address("Joe Q. Public", "john.q.public", "example.com")]),
        ("Mary Smith <mary@x.test>, jdoe@example.org, Who? <one@y.test>", [
            address("Mary Smith", "mary", "x.test"), address(nil, "jdoe", "example.org"), address("Who?", "one", "y.test"),
        ]),
        ("<boss@nil.test>, \"Giant; \\\"Big\\\" Box\" <sysservices@example.net>", [
            address(nil, "boss", "nil.test"), address("Giant; \"Big\" Box", "sysservices", "example.net"),
        ]),
        // A.1.3
        ("A Group:Ed Jones <c@a.test>,joe@where.test,John <jdoe@one.test>;", [
            .groupStart("A Group"), address("Ed Jones", "c", "a.test"), address(nil, "joe", "where.test"),
            address("John", "jdoe", "one.test"), .groupEnd,
        ]),
        ("Undisclosed recipients:;", [.groupStart("Undisclosed recipients"), .groupEnd]),
        ("undisclosed-recipients:;", [.groupStart("undisclosed-recipients"), .groupEnd]),
        // A.5
        ("Pete(A nice \\) chap) <pete(his account)@silly.test(his host)>", [address("Pete", "pete", "silly.test")]),
        ("A Group(Some people)\r\n     :Chris Jones <c@(Chris's host.)public.example>,\r\n         joe@example.org,\r\n  John <jdoe@one.test> (my dear friend); (the end of the group)", [
            .groupStart("A Group"), address("Chris Jones", "c", "public.example"), address(nil, "joe", "example.org"),
            address("John", "jdoe", "one.test"), .groupEnd,
        ]),
        ("(Empty list)(start)Hidden recipients  :(nobody(that I know))  ;", [.groupStart("Hidden recipients"), .groupEnd]),
        // A.6.1 obsolete phrase with dots, A.6.3 comment inside a domain
        ("Joe Q. Public <john.q.public@example.com>", [address("Joe Q. Public", "john.q.public", "example.com")]),
        ("John Doe <jdoe@machine(comment).  example>", [address("John Doe", "jdoe", "machine.example")]),
    ] as [(String, [Address])])
    func appendixA(field: String, expected: [Address]) {
        #expect(Self.parse(field) == expected)
    }

    @Test("RFC 5322 §4.4 obs-route becomes the adl; a quoted local part stays quoted; a domain literal as written")
    func obsoleteForms() {
        #expect(Self.parse("Route <@relay1.test,@relay2.test:user@host.test>")
                == [Self.address("Route", "user", "host.test", adl: "@relay1.test,@relay2.test")])
        #expect(Self.parse("\"john doe\"@example.com") == [Self.address(nil, "\"john doe\"", "example.com")])
        #expect(Self.parse("user@[192.0.2.1]") == [Self.address(nil, "user", "[192.0.2.1]")])
        #expect(Self.parse(",, a@b.test ,") == [Self.address(nil, "a", "b.test")])
    }

    @Test("A bare addr-spec takes its comment as the name, as Dovecot and c-client do")
    func commentName() {
        #expect(Self.parse("jdoe@example.org (John Doe)") == [Self.address("John Doe", "jdoe", "example.org")])
    }

    @Test("Names stay undecoded; decodedName decodes them (RFC 2047 §5 (3))")
    func encodedNames() {
        let parsed = Self.parse("=?gb2312?B?1cXI/Q==?= <zhang@example.cn>, \"=?big5?B?pOWl8w==?=\" <wang@example.tw>")
        #expect(parsed.map(\.name) == ["=?gb2312?B?1cXI/Q==?=", "=?big5?B?pOWl8w==?="])
        #expect(parsed.map(\.decodedName) == ["张三", "文件"])
    }

    @Test("Missing parts are filled as c-client fills them, so that a NIL host only marks a group")
    func missingParts() {
        #expect(Self.parse("root") == [Self.address(nil, "root", Address.missingHost)])
        #expect(Self.parse("Someone <>") == [Self.address("Someone", Address.missingMailbox, Address.missingHost)])
        #expect(Self.parse("@example.com") == [Self.address(nil, Address.missingMailbox, "example.com")])
    }

    @Test("Garbage members are skipped to the next comma; the others survive", arguments: [
        ("<<<>>>, a@b.test", 2),
        ("a@b.test, :;, c@d.test", 2),
        ("Group: a@b.test, Inner: x@y.test; c@d.test", 5),
        ("\"unterminated <a@b.test>", 1),
        ("(unterminated comment a@b.test", 0),
        ("a@b.test; c@d.test", 2),
        ("\u{0}\u{1}\u{7F}, a@b.test", 1),
    ])
    func garbage(field: String, count: Int) {
        #expect(Self.parse(field).count == count)
    }

    @Test("An unclosed group is closed at the end of the field")
    func unclosedGroup() {
        #expect(Self.parse("List: a@b.test") == [.groupStart("List"), Self.address(nil, "a", "b.test"), .groupEnd])
    }

    @Test("At most MIMELimits.maximumAddresses addresses are read from one field")
    func addressLimit() {
        let field = (0..<(MIMELimits.maximumAddresses + 10)).map { "u\($0)@x.test" }.joined(separator: ",")
        #expect(Self.parse(field).count == MIMELimits.maximumAddresses)
    }
}
