import MailroomConfig
import Testing

/// aliases(5) grammar as postalias(1) and local(8) read it.
@Suite("aliases(5) grammar")
struct AliasesFileTests {
    @Test("the acceptance aliases parse into three entries")
    func acceptanceFile() throws {
        let file = try AliasesFile.parse(acceptanceAliases, file: aliasesFile)
        #expect(file.entries.map(\.name) == ["postmaster", "team", "abuse"])
        #expect(file.entry(named: "team")?.values == [.address("xiong"), .address("root")])
        #expect(file.entry(named: "abuse")?.values == [.address("postmaster")])
        #expect(file.entry(named: "team")?.line == 2)
        #expect(file.warnings.isEmpty)
    }

    @Test("comments, blank lines and CRLF are skipped", arguments: [
        "# comment\nroot: admin\n",
        "\n\n   \nroot: admin\n\n",
        "  # indented comment\nroot: admin\n#trailing",
        "root: admin\r\n# CRLF file\r\n",
        "root:admin",
        "root\t:\tadmin  ",
    ])
    func commentsAndBlankLines(text: String) throws {
        let file = try AliasesFile.parse(text, file: aliasesFile)
        #expect(file.entries.map(\.description) == ["root: admin"])
    }

    @Test("continuation lines join the entry; comments inside do not end it")
    func continuationLines() throws {
        let file = try aliases("team: xiong,", "    root,", "\tfriend@elsewhere.test", "# a comment", "", "  last", "other: x")
        #expect(file.entry(named: "team")?.values
            == [.address("xiong"), .address("root"), .address("friend@elsewhere.test"), .address("last")])
        #expect(file.entry(named: "other")?.line == 7)
    }

    @Test("names are case-insensitive and stored lower-cased")
    func caseInsensitiveNames() throws {
        let file = try aliases("PostMaster: Root")
        #expect(file.entries.first?.name == "postmaster")
        #expect(file.entry(named: "POSTMASTER")?.values == [.address("Root")])
    }

    @Test("quoted names keep white space, colons and commas")
    func quotedNames() throws {
        let file = try aliases("\"Sales Team\": a", "\"eu:sales,x\": b", "\"q\\\"uote\": c")
        #expect(file.entries.map(\.name) == ["sales team", "eu:sales,x", "q\"uote"])
        #expect(file.entry(named: "Sales Team")?.values == [.address("a")])
    }

    @Test("values separate at commas and at white space between plain addresses")
    func separators() throws {
        let file = try aliases("team: a b,c ,, d\te@x.test,")
        #expect(file.entry(named: "team")?.values == ["a", "b", "c", "d", "e@x.test"].map(AliasValue.address))
    }

    @Test("program destinations keep their arguments, quoted or not")
    func programs() throws {
        let file = try aliases(
            "a: |/usr/bin/vacation -a \"x y\" user, root",
            "b: \"|/usr/bin/cmd arg, with comma\", root",
            "c: \"| spaced \\\"q\\\"\"")
        #expect(file.entry(named: "a")?.values == [.program("/usr/bin/vacation -a \"x y\" user"), .address("root")])
        #expect(file.entry(named: "b")?.values == [.program("/usr/bin/cmd arg, with comma"), .address("root")])
        #expect(file.entry(named: "c")?.values == [.program("spaced \"q\"")])
    }

    @Test("file destinations: absolute, home-relative, quoted")
    func files() throws {
        let file = try aliases("log: /var/log/mail.copy, ~/mbox, \"/var/spool/with space\"")
        #expect(file.entry(named: "log")?.values
            == [.file("/var/log/mail.copy"), .file("~/mbox"), .file("/var/spool/with space")])
    }

    @Test(":include: in any case, with or without white space before the path")
    func includes() throws {
        let file = try aliases("list: :include:/etc/mail/list, :INCLUDE: /etc/other \":include:/a b\"")
        #expect(file.entry(named: "list")?.values
            == [.include("/etc/mail/list"), .include("/etc/other"), .include("/a b")])
    }

    @Test("a quoted local part becomes the internal, unquoted form")
    func quotedLocalPart() throws {
        let file = try aliases("x: \"john doe\"@example.test")
        #expect(file.entry(named: "x")?.values == [.address("john doe@example.test")])
    }

    @Test("a duplicate name warns and the first one is used, as postalias(1) does")
    func duplicates() throws {
        let file = try aliases("root: a", "other: b", "ROOT: c")
        #expect(file.entry(named: "root")?.values == [.address("a")])
        #expect(file.entries.count == 2)
        #expect(file.warnings.map(\.description)
            == ["aliases:3: warning: duplicate alias \"root\" ignored; the one on line 1 is used"])
    }

    @Test("entries written back with description parse to the same entries")
    func roundTrip() throws {
        let original = try aliases(
            "\"a b\": x, \"|cmd a, b\", /var/x, \"/with space\", :include:/etc/l, \"j d\"@x.test",
            "plain: one, two@x.test")
        let again = try AliasesFile.parse(original.entries.map(\.description).joined(separator: "\n"), file: aliasesFile)
        #expect(again.entries.map(\.values) == original.entries.map(\.values))
        #expect(again.entries.map(\.name) == original.entries.map(\.name))
    }

    @Test("a value starting with # is written back quoted, not as a comment (AliasesFuzzer)")
    func hashValueRoundTrip() throws {
        let values = try AliasesFile.parseIncludeFile("a: # b\r", file: "list")
        #expect(values == [.address("a:"), .address("#"), .address("b")])
        #expect(try AliasesFile.parseIncludeFile(values.map(\.description).joined(separator: "\n"), file: "list") == values)
    }

    @Test("separators are read by scalar: a combining mark after one does not hide it (AliasesFuzzer)")
    func combiningMarkAfterSeparator() throws {
        let file = try AliasesFile.parse("staff:\t\t\u{742}:include:/etc/list\n", file: "aliases")
        #expect(file.entries.map(\.values) == [[.address("\u{742}:include:/etc/list")]])
        let again = try AliasesFile.parse(file.entries.map(\.description).joined(separator: "\n"), file: "aliases")
        #expect(again.entries.map(\.values) == file.entries.map(\.values))
        #expect(try AliasesFile.parseIncludeFile("a,\u{301}b \"c\\\"\u{301}\"", file: "list")
            == [.address("a"), .address("\u{301}b"), .address("c\"\u{301}")])
    }

    @Test("malformed lines are refused with FILE:LINE", arguments: [
        ("root: a\nroot admin\n", "aliases:2: expected \"name: value\", found \"root admin\""),
        (": root\n", "aliases:1: missing name before \":\" in \": root\""),
        ("\"\": root\n", "aliases:1: missing name before \":\" in \"\"\": root\""),
        ("root:\n", "aliases:1: alias \"root\" has no destination"),
        ("Root: , ,\n", "aliases:1: alias \"root\" has no destination"),
        ("a@b.test: c\n", "aliases:1: alias name \"a@b.test\" must be local, without \"@\" or \"%\""),
        ("a%b: c\n", "aliases:1: alias name \"a%b\" must be local, without \"@\" or \"%\""),
        ("a b: c\n", "aliases:1: \"a b\" is not one name; quote a name that has white space or \",\""),
        ("a,b: c\n", "aliases:1: \"a,b\" is not one name; quote a name that has white space or \",\""),
        ("  root: a\n", "aliases:1: continuation line without an alias before it: \"root: a\""),
        ("# c\n\na: b\nc: \"|cmd\n", "aliases:4: missing closing quote: \"|cmd"),
        ("a: |cmd \"x\n", "aliases:1: missing closing quote: |cmd \"x"),
        ("a: |\n", "aliases:1: \"|\" without a command"),
        ("a: \"|  \"\n", "aliases:1: \"|\" without a command"),
        ("a: :include:\n", "aliases:1: \":include:\" without a file name"),
        ("a: :include:list\n", "aliases:1: \":include:list\" needs an absolute path"),
        ("a: b@\n", "aliases:1: \"b@\" is not an address (local@domain or a local name)"),
        ("a: @x.test\n", "aliases:1: \"@x.test\" is not an address (local@domain or a local name)"),
        ("a: \"\"\n", "aliases:1: empty destination \"\""),
    ])
    func errors(text: String, expected: String) {
        #expect(aliasesError(text) == expected)
    }

    @Test("an :include: file: one destination list per line, comments, no names")
    func includeFile() throws {
        let values = try AliasesFile.parseIncludeFile("# members\nxiong, root\n\n  friend@x.test \"|cmd a\"\n", file: "list")
        #expect(values == [.address("xiong"), .address("root"), .address("friend@x.test"), .program("cmd a")])
    }

    @Test("an :include: file's errors carry its name and line")
    func includeFileErrors() {
        #expect(throws: ConfigError(.syntax, file: "/etc/list", line: 3, message: "\":include:x\" needs an absolute path")) {
            _ = try AliasesFile.parseIncludeFile("a\n# c\n:include:x\n", file: "/etc/list")
        }
    }
}
