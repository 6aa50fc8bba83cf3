import IMAPMailbox
import IMAPProtocol
import MailFolders
import Testing

/// LIST and LSUB (RFC 9051 §6.3.9, RFC 5258 LIST-EXTENDED, RFC 6154 SPECIAL-USE, RFC 3348 CHILDREN, RFC 5819
/// LIST-STATUS, RFC 3501 §6.3.9 LSUB) and STATUS values (RFC 9051 §6.3.11).
@Suite("IMAP LIST and LSUB")
struct FolderListingTests {
    static let folders = [
        FolderInfo(name: "INBOX", subscribed: true),
        FolderInfo(name: "Archive", specialUse: "\\Archive", subscribed: true),
        FolderInfo(name: "Archive/2024"),
        FolderInfo(name: "Archive/2024/Q1", subscribed: true),
        FolderInfo(name: "Drafts", specialUse: "\\Drafts"),
        FolderInfo(name: "Old", selectable: false),
        FolderInfo(name: "Old/Keep"),
        FolderInfo(name: "Projects/Mailroom"),
        FolderInfo(name: "Sent", specialUse: "\\Sent", subscribed: true),
        FolderInfo(name: "Trash", specialUse: "\\Trash"),
        FolderInfo(name: "日本語"),
    ]

    private static func list(_ patterns: [String], reference: String = "", select: [ListCommand.SelectionOption] = [],
                             returning: [ListCommand.ReturnOption] = [],
                             subscriptions: [String] = []) -> [MailboxListItem] {
        let command = ListCommand(selectionOptions: select, reference: MailboxName(reference),
                                  patterns: patterns.map { MailboxName($0) }, returnOptions: returning)
        return FolderListing.list(command, folders: folders, subscriptions: subscriptions, utf8Names: true)
    }

    private static func names(_ items: [MailboxListItem]) -> [String] { items.map(\.name) }

    @Test("RFC 9051 §6.3.9: `*` matches across levels, `%` within one; the reference is put before the pattern",
          arguments: [
              ("", "*", ["INBOX", "Archive", "Archive/2024", "Archive/2024/Q1", "Drafts", "Old", "Old/Keep",
                         "Projects/Mailroom", "Sent", "Trash", "日本語"]),
              ("", "%", ["INBOX", "Archive", "Drafts", "Old", "Projects", "Sent", "Trash", "日本語"]),
              ("Archive/", "%", ["Archive/2024"]), ("Archive/", "*", ["Archive/2024", "Archive/2024/Q1"]),
              ("", "Archive/%/Q1", ["Archive/2024/Q1"]), ("", "*/Q1", ["Archive/2024/Q1"]),
              ("", "A*4", ["Archive/2024"]), ("Arch", "ive", ["Archive"]), ("", "archive", []),
              ("", "日*", ["日本語"]), ("", "%%%%*%*", names(list(["*"]))),
          ])
    func patterns(reference: String, pattern: String, expected: [String]) {
        #expect(Self.names(Self.list([pattern], reference: reference)) == expected)
    }

    @Test("RFC 9051 §5.1: INBOX is case-insensitive in patterns, and only INBOX", arguments: [
        "inbox", "InBoX", "iNb%", "I*X",
    ])
    func inboxAnyCase(pattern: String) {
        #expect(Self.names(Self.list([pattern])) == ["INBOX"])
    }

    @Test("RFC 9051 §6.3.9: the empty pattern asks for the delimiter: (\\Noselect) \"/\" \"\"")
    func delimiterRequest() {
        #expect(Self.list([""]) == [MailboxListItem(attributes: [.noSelect], delimiter: "/", name: "")])
        let lsub = FolderListing.lsub(reference: MailboxName(""), pattern: MailboxName(""), folders: Self.folders,
                                      utf8Names: false)
        #expect(lsub == [MailboxListItem(attributes: [.noSelect], delimiter: "/", name: "")])
    }

    @Test("RFC 3348, RFC 6154 §2: children attributes and special uses in a basic LIST")
    func basicAttributes() {
        let items = Dictionary(uniqueKeysWithValues: Self.list(["*"]).map { ($0.name, $0.attributes) })
        #expect(items["INBOX"] == [.hasNoChildren])
        #expect(items["Archive"] == [.hasChildren, .archive])
        #expect(items["Archive/2024"] == [.hasChildren])
        #expect(items["Sent"] == [.hasNoChildren, .sent])
        #expect(items["Old"] == [.noSelect, .hasChildren])
    }

    @Test("RFC 9051 §6.3.9: a level that is no folder is listed \\Noselect where `%` stops at it, not for `*`")
    func impliedLevels() {
        #expect(Self.list(["%"]).first { $0.name == "Projects" }?.attributes == [.noSelect, .hasChildren])
        #expect(!Self.names(Self.list(["*"])).contains("Projects"))
        // RFC 5258 §3.4: in an extended LIST it is \NonExistent.
        #expect(Self.list(["%", "Nothing"]).first { $0.name == "Projects" }?.attributes == [.nonExistent])
    }

    @Test("RFC 5258 §3.1: SUBSCRIBED selects subscribed names, existing or not, with \\Subscribed")
    func subscribedSelection() {
        let items = Self.list(["*"], select: [.subscribed], subscriptions: ["Gone", "inbox"])
        #expect(items.map(\.name) == ["INBOX", "Archive", "Archive/2024/Q1", "Sent", "Gone"])
        #expect(items.last?.attributes == [.nonExistent, .subscribed])
        #expect(items.first?.attributes == [.hasNoChildren, .subscribed])
    }

    @Test("RFC 5258 §3.5: RECURSIVEMATCH adds parents of matching names with CHILDINFO")
    func recursiveMatch() {
        let items = Self.list(["%"], select: [.subscribed, .recursiveMatch])
        #expect(items.map(\.name) == ["INBOX", "Archive", "Sent"])
        #expect(items[1].childInfo == [.subscribed])
        #expect(items[1].attributes.contains(.subscribed))
        let nested = Self.list(["Archive/%"], select: [.subscribed, .recursiveMatch])
        #expect(nested.map(\.name) == ["Archive/2024"])
        #expect(nested.first?.attributes.contains(.subscribed) == false)
        #expect(nested.first?.childInfo == [.subscribed])
    }

    @Test("RFC 6154 §5.1: the SPECIAL-USE selection lists only folders with a special use")
    func specialUseSelection() {
        #expect(Self.names(Self.list(["*"], select: [.specialUse])) == ["Archive", "Drafts", "Sent", "Trash"])
    }

    @Test("RFC 5258 §3.2: RETURN (SUBSCRIBED) marks subscribed folders; RFC 5819: STATUS for selectable ones")
    func returnOptions() throws {
        let command = ListCommand(reference: MailboxName(""), patterns: [MailboxName("*")],
                                  returnOptions: [.subscribed, .status([.messages, .unseen])])
        let items = FolderListing.list(command, folders: Self.folders, utf8Names: true)
        #expect(items.first { $0.name == "Sent" }?.attributes == [.hasNoChildren, .subscribed, .sent])
        let inbox = try #require(items.first)
        #expect(FolderListing.statusRequest(command, for: inbox) == [.messages, .unseen])
        let old = try #require(items.first { $0.name == "Old" })
        #expect(FolderListing.statusRequest(command, for: old) == nil)
        #expect(FolderListing.statusRequest(ListCommand(reference: MailboxName(""), patterns: []), for: inbox) == nil)
    }

    @Test("RFC 3501 §5.1.3: IMAP4rev1 patterns are modified UTF-7; names come back as Unicode")
    func modifiedUTF7() {
        let command = ListCommand(reference: MailboxName(""), patterns: [MailboxName("&ZeVnLIqe-")])
        #expect(FolderListing.list(command, folders: Self.folders, utf8Names: false).map(\.name) == ["日本語"])
        // A pattern that does not decode matches nothing.
        let broken = ListCommand(reference: MailboxName(""), patterns: [MailboxName("&ZeVn")])
        #expect(FolderListing.list(broken, folders: Self.folders, utf8Names: false).isEmpty)
    }

    @Test("Hostile patterns: many wildcards do not backtrack; control characters match nothing")
    func hostilePatterns() {
        let long = String(repeating: "%*", count: 2000) + "zz"
        #expect(Self.list([long]).isEmpty)
        #expect(Self.list(["\u{1}*"]).isEmpty)
        #expect(Self.names(Self.list([String(repeating: "*", count: 5000)])).count == 11)
    }

    @Test("RFC 3501 §6.3.9: LSUB lists subscribed names; a level above is \\Noselect where `%` stops at it")
    func lsub() {
        let all = FolderListing.lsub(reference: MailboxName(""), pattern: MailboxName("*"), folders: Self.folders,
                                     subscriptions: ["Gone"], utf8Names: true)
        #expect(all.map(\.name) == ["INBOX", "Archive", "Archive/2024/Q1", "Sent", "Gone"])
        #expect(all.last?.attributes == [.noSelect])
        #expect(all.first?.attributes == [])
        let level = FolderListing.lsub(reference: MailboxName("Archive/"), pattern: MailboxName("%"),
                                       folders: Self.folders, utf8Names: true)
        #expect(level == [MailboxListItem(attributes: [.noSelect], delimiter: "/", name: "Archive/2024")])
    }

    @Test("RFC 9051 §6.3.11, RFC 8438, RFC 7162 §3.1.6: STATUS values in the order asked, once each")
    func statusValues() {
        let counters = FolderCounters(messages: 231, unseen: 3, deleted: 2, size: 44_100, uidNext: 44292,
                                      uidValidity: 3_857_529_045, highestModSeq: 7_011_231_777)
        let values = FolderListing.statusValues(
            [.uidNext, .messages, .messages, .unseen, .deleted, .size, .recent, .highestModSequence, .uidValidity,
             .appendLimit], counters)
        #expect(values == [
            StatusValue(.uidNext, 44292), StatusValue(.messages, 231), StatusValue(.unseen, 3),
            StatusValue(.deleted, 2),
            StatusValue(.size, 44_100), StatusValue(.recent, 0), StatusValue(.highestModSequence, 7_011_231_777),
            StatusValue(.uidValidity, 3_857_529_045),
        ])
        #expect(FolderListing.statusValues([.appendLimit], counters, appendLimit: 10_240_000)
            == [StatusValue(.appendLimit, 10_240_000)])
    }
}
