import Foundation
import MailCore
import MailroomConfig
import Testing

/// Alias expansion as Postfix local(8) performs it.
@Suite("alias expansion")
struct AliasesExpanderTests {
    let acceptance: AliasExpander

    init() throws {
        acceptance = try expander(acceptanceAliases)
    }

    @Test("test_04: team reaches xiong and root, and each keeps the original recipient")
    func team() {
        let result = acceptance.expand(address("team@example.test"))
        #expect(result.isAlias)
        #expect(result.destinations == [mailbox("xiong"), mailbox("root")])
        #expect(result.recipients.allSatisfy { $0.originalRecipient == address("team@example.test") })
        #expect(result.recipients.map { $0.destination.address?.description } == ["xiong@example.test", "root@example.test"])
        #expect(result.problems.isEmpty)
    }

    @Test("test_04: postmaster goes to root; abuse goes through postmaster to root")
    func nested() {
        #expect(acceptance.expand(address("postmaster@example.test")).destinations == [mailbox("root")])
        let abuse = acceptance.expand(address("abuse@example.test"))
        #expect(abuse.destinations == [mailbox("root")])
        #expect(abuse.originalRecipient == address("abuse@example.test"))
    }

    @Test("test_04: lookups ignore case; the original recipient keeps what the client wrote", arguments: [
        "TEAM@Example.Test", "Team@EXAMPLE.TEST", "tEaM@example.test",
    ])
    func anyCase(recipient: String) {
        let result = acceptance.expand(address(recipient))
        #expect(result.destinations == [mailbox("xiong"), mailbox("root")])
        #expect(result.originalRecipient.localPart == String(recipient.prefix(4)))
    }

    @Test("a local name that is no alias is its own mailbox, lower-cased")
    func notAnAlias() {
        let result = acceptance.expand(address("Xiong@example.test"))
        #expect(!result.isAlias)
        #expect(result.destinations == [mailbox("xiong")])
        #expect(result.recipients.first?.originalRecipient == address("Xiong@example.test"))
    }

    @Test("addresses outside the local domains are not looked up")
    func remoteRecipient() {
        let result = acceptance.expand(address("Team@Elsewhere.test"))
        #expect(!result.isAlias)
        #expect(result.destinations == [.mailbox(localPart: "Team", domain: "elsewhere.test")])
    }

    @Test("remote targets stay as written; local full addresses are expanded again")
    func remoteAndLocalTargets() throws {
        let expander = try expander("out: Friend@Elsewhere.TEST, postmaster@localhost, me@example.test", "postmaster: root")
        #expect(expander.expand(address("out@example.test")).destinations
            == [.mailbox(localPart: "Friend", domain: "elsewhere.test"), mailbox("root", "localhost"), mailbox("me")])
    }

    @Test("several targets, nested, deduplicated case-insensitively in first-reached order")
    func deduplication() throws {
        let expander = try expander("all: team, Root, ROOT@example.test, ops", "team: xiong, root", "ops: root, xiong, x@r.test, X@R.TEST")
        let result = expander.expand(address("all@example.test"))
        #expect(result.destinations == [mailbox("xiong"), mailbox("root"), .mailbox(localPart: "x", domain: "r.test")])
        #expect(result.problems.isEmpty)
    }

    @Test("programs and files are kept as their own kinds; they compare exactly")
    func programsAndFiles() throws {
        let expander = try expander("p: |/usr/bin/x arg, /var/log/y, \"|quoted cmd\", |/usr/bin/X arg, ~/mbox, root")
        #expect(expander.expand(address("p@example.test")).destinations == [
            .program("/usr/bin/x arg"), .file("/var/log/y"), .program("quoted cmd"), .program("/usr/bin/X arg"),
            .file("~/mbox"), mailbox("root"),
        ])
    }

    @Test("an alias that lists itself delivers to the mailbox of that name")
    func selfReference() throws {
        let expander = try expander("root: root, admin@remote.test", "boss: root")
        let result = expander.expand(address("root@example.test"))
        #expect(result.destinations == [mailbox("root"), .mailbox(localPart: "admin", domain: "remote.test")])
        #expect(result.problems.isEmpty)
        #expect(expander.expand(address("boss@example.test")).destinations
            == [mailbox("root"), .mailbox(localPart: "admin", domain: "remote.test")])
    }

    @Test("a two-alias cycle delivers nothing and is reported as a loop")
    func twoNodeCycle() throws {
        let result = try expander("a: b", "b: a").expand(address("a@example.test"))
        #expect(result.destinations.isEmpty)
        #expect(result.problems == [AliasProblem(.loop, enhancedStatus: "5.4.6",
                                                 message: "alias database loop for a: a -> b -> a (aliases:1)")])
    }

    @Test("a three-alias cycle: the other branches still deliver")
    func threeNodeCycle() throws {
        let result = try expander("a: b, x", "b: c", "c: a, y@r.test").expand(address("B@example.test"))
        #expect(result.destinations == [mailbox("x"), .mailbox(localPart: "y", domain: "r.test")])
        #expect(result.problems.map(\.message) == ["alias database loop for b: b -> c -> a -> b (aliases:2)"])
        #expect(result.problems.map(\.code) == [.loop])
    }

    @Test("nesting deeper than the limit is a problem; at the limit it is fine")
    func depthLimit() throws {
        let chain = (0..<101).map { "n\($0): n\($0 + 1)" }
        let deep = try expander(chain.joined(separator: "\n")).expand(address("n0@example.test"))
        #expect(deep.destinations.isEmpty)
        #expect(deep.problems == [AliasProblem(.depthLimit, enhancedStatus: "5.4.6",
            message: "alias expansion of n0@example.test nests more than 100 levels deep at alias \"n100\"")])
        let fine = try expander(chain.joined(separator: "\n")).expand(address("n1@example.test"))
        #expect(fine.destinations == [mailbox("n101")])
        #expect(fine.problems.isEmpty)
        let small = try expander("a: b", "b: c", "c: d", maximumDepth: 2).expand(address("a@example.test"))
        #expect(small.problems.map(\.code) == [.depthLimit])
    }

    @Test("more destinations than the limit: the rest are dropped, once reported")
    func sizeLimit() throws {
        let result = try expander("big: a, b, c, d", maximumDestinations: 2).expand(address("big@example.test"))
        #expect(result.destinations == [mailbox("a"), mailbox("b")])
        #expect(result.problems.map(\.message)
            == ["alias expansion of big@example.test exceeds 2 destinations; c@example.test and the rest are dropped"])
        #expect(result.problems.first?.enhancedStatus == "5.3.4")
    }

    @Test("user+tag: tried as user+tag, then as user; the targets get no extension")
    func extensions() throws {
        let expander = try expander(acceptanceAliases, "root+copy: archive")
        #expect(expander.expand(address("team+news@example.test")).destinations == [mailbox("xiong"), mailbox("root")])
        #expect(expander.expand(address("Root+Copy@example.test")).destinations == [mailbox("archive")])
        #expect(expander.expand(address("xiong+x@example.test")).destinations == [mailbox("xiong+x")])
        #expect(expander.expand(address("+team@example.test")).destinations == [mailbox("+team")])
    }

    @Test("recipient_delimiter: empty turns extensions off; several characters each delimit")
    func delimiterSettings() throws {
        let off = try expander(acceptanceAliases, delimiter: "")
        #expect(off.expand(address("team+news@example.test")).destinations == [mailbox("team+news")])
        let several = try expander(acceptanceAliases, delimiter: "+-")
        #expect(several.expand(address("team-news@example.test")).destinations == [mailbox("xiong"), mailbox("root")])
    }

    @Test("an alias pointing at its own name with an extension delivers to that mailbox")
    func selfReferenceWithExtension() throws {
        #expect(try expander("root: root+copy").expand(address("root@example.test")).destinations == [mailbox("root+copy")])
    }

    @Test("a quoted local part is looked up unquoted")
    func quotedRecipient() throws {
        let expander = try expander("\"sales,team\": xiong")
        #expect(expander.expand(address("\"Sales,Team\"@example.test")).destinations == [mailbox("xiong")])
    }

    @Test("owner- names have no special meaning")
    func ownerNames() throws {
        let expander = try expander("list: a, b", "owner-list: root")
        #expect(expander.expand(address("list@example.test")).destinations == [mailbox("a"), mailbox("b")])
        #expect(expander.expand(address("owner-list@example.test")).destinations == [mailbox("root")])
    }
}
