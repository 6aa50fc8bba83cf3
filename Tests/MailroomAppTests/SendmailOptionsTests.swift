import Testing

@testable import MailroomApp

@Suite("sendmail(1) options")
struct SendmailOptionsTests {
    @Test("what mail(1), mutt and cron pass")
    func common() throws {
        let options = try SendmailOptions.parse(["-oi", "-f", "xiong@example.test", "-t", "root", "--", "-odd"])
        #expect(!options.dotEndsMessage)
        #expect(options.sender == "xiong@example.test")
        #expect(options.extractRecipients)
        #expect(options.recipients == ["root", "-odd"])
        #expect(try SendmailOptions.parse(["-fme@x.test", "-FJohn Doe", "-i", "a"]).fullName == "John Doe")
        #expect(try SendmailOptions.parse(["-r", "me@x.test", "a"]).sender == "me@x.test")
        #expect(try SendmailOptions.parse(["a"]).dotEndsMessage)
        #expect(try SendmailOptions.parse(["--config", "/etc/m.cf", "a"]).configFile == "/etc/m.cf")
        #expect(try SendmailOptions.parse(["-bi"]).rebuildAliases)
    }

    @Test("options Postfix ignores are ignored, with their values", arguments: [
        ["-oem", "a"], ["-odb", "a"], ["-B", "8BITMIME", "a"], ["-N", "never", "a"], ["-R", "hdrs", "a"],
        ["-V", "envid", "a"], ["-v", "a"], ["-bm", "a"], ["-em", "a"],
    ])
    func ignored(arguments: [String]) throws {
        #expect(try SendmailOptions.parse(arguments).recipients == ["a"])
    }

    @Test("unsupported or broken command lines are usage errors", arguments: [["-f"], ["-bs"], ["-q"], ["-Z"], ["--config"]])
    func usage(arguments: [String]) {
        #expect(throws: SendmailOptions.UsageError.self) { try SendmailOptions.parse(arguments) }
    }
}
