import IMAPMailbox
import IMAPProtocol
import MailIndex
import Testing

/// The selected folder's message list: sequence numbers and UIDs (RFC 9051 §2.3.1), sequence sets (§9),
/// SEARCHRES `$` (RFC 5182), and the updates other sessions cause (§7.4.1, §7.5).
@Suite("IMAP selected messages")
struct SelectedMessagesTests {
    static let uids: [UInt32] = [3, 5, 9, 10, 20]

    private static func ranges(_ pairs: [(SequenceNumber, SequenceNumber)]) -> SequenceSet {
        .ranges(pairs.map { SequenceRange($0.0, $0.1) })
    }

    @Test("RFC 9051 §9: sequence numbers, `*` the last, ranges in either order, positions ascending once",
          arguments: [
              ([(SequenceNumber.number(2), SequenceNumber.number(4))], [1, 2, 3]),
              ([(.number(4), .number(2))], [1, 2, 3]),
              ([(.last, .last)], [4]),
              ([(.number(3), .last), (.number(1), .number(1)), (.number(2), .number(4))], [0, 1, 2, 3, 4]),
              ([(.last, .number(5))], [4]),
          ])
    func sequenceNumbers(pairs: [(SequenceNumber, SequenceNumber)], expected: [Int]) throws {
        let list = Fixtures.list(uids: Self.uids)
        #expect(try list.resolve(Self.ranges(pairs), byUID: false, saved: nil).get() == expected)
    }

    @Test("RFC 9051 §6.4.5/§7.1.5: a sequence number above EXISTS, or `*` in an empty mailbox, is refused",
          arguments: [(5, [(SequenceNumber.number(6), SequenceNumber.number(6))]),
                      (5, [(.number(1), .number(4_294_967_295))]),
                      (0, [(.last, .last)]), (0, [(.number(1), .last)])])
    func sequenceNumberOutOfRange(count: Int, pairs: [(SequenceNumber, SequenceNumber)]) {
        let list = Fixtures.list(uids: Array(Self.uids.prefix(count)))
        let result = list.resolve(Self.ranges(pairs), byUID: false, saved: nil)
        #expect(throws: ResolveError.self) { try result.get() }
        if case .failure(let error) = result { #expect(error.text == "Invalid messageset") }
    }

    @Test("RFC 9051 §6.4.9: UIDs not present are skipped; 559:* names the last message even above it",
          arguments: [
              ([(SequenceNumber.number(4), SequenceNumber.number(10))], [1, 2, 3]),
              ([(.number(559), .last)], [4]),
              ([(.number(10), .number(4))], [1, 2, 3]),
              ([(.number(1), .number(2)), (.number(21), .number(4_294_967_295))], []),
              ([(.number(1), .number(4_294_967_295))], [0, 1, 2, 3, 4]),
              ([(.number(20), .number(20)), (.number(3), .number(3))], [0, 4]),
          ])
    func uidSets(pairs: [(SequenceNumber, SequenceNumber)], expected: [Int]) throws {
        let list = Fixtures.list(uids: Self.uids)
        #expect(try list.resolve(Self.ranges(pairs), byUID: true, saved: nil).get() == expected)
    }

    @Test("RFC 9051 §6.4.9: UID sets in an empty mailbox name nothing, without error")
    func uidSetEmptyMailbox() throws {
        let list = Fixtures.list(uids: [])
        #expect(try list.resolve(Self.ranges([(.number(1), .last)]), byUID: true, saved: nil).get() == [])
    }

    @Test("RFC 5182 §2.1: `$` is the saved UIDs, expunged ones skipped; nothing saved names nothing")
    func savedResult() throws {
        let list = Fixtures.list(uids: Self.uids)
        #expect(try list.resolve(.lastCommand, byUID: false, saved: [20, 4, 5, 5]).get() == [1, 4])
        #expect(try list.resolve(.lastCommand, byUID: true, saved: nil).get() == [])
    }

    @Test("RFC 9051 §7.5.1: EXPUNGE numbers are valid when written (descending), then EXISTS, then FETCH")
    func updatesInOrder() {
        var list = Fixtures.list(uids: Self.uids)
        let changes = Fixtures.changes(
            [Fixtures.message(10, .seen, modSeq: 7), Fixtures.message(21, modSeq: 8), Fixtures.message(22, modSeq: 9)],
            expunged: [3, 9])
        let updates = list.apply(changes, expungesAllowed: true)
        #expect(updates == [
            .expunge(3), .expunge(1), .exists(5),
            .fetch(2, [.uid(10), .flags([.seen])]),
        ])
        #expect(list.count == 5)
        #expect(list.sequenceNumber(ofUID: 10) == 2)
        #expect(list.sequenceNumber(ofUID: 22) == 5)
        #expect(list.sequenceNumber(ofUID: 3) == nil)
        #expect(list.highestModSeq == 50)
    }

    @Test("RFC 9051 §7.4.1: no EXPUNGE during FETCH/STORE/SEARCH; the message stays addressable until later")
    func deferredExpunge() {
        var list = Fixtures.list(uids: Self.uids)
        let changes = Fixtures.changes([Fixtures.message(30, modSeq: 9)], expunged: [5])
        #expect(list.apply(changes, expungesAllowed: false) == [.exists(6)])
        #expect(list.count == 6)
        #expect(list.isExpunged(atSequence: 2))
        #expect(list.uid(atSequence: 2) == 5)
        #expect(list.sequenceNumber(ofUID: 30) == 6)
        // The next command that may write EXPUNGE writes it, with the number the client knows.
        #expect(list.apply(Fixtures.changes([]), expungesAllowed: true) == [.expunge(2)])
        #expect(list.count == 5)
    }

    @Test("Applying the same changes twice writes nothing the second time (MODSEQ, RFC 7162 §3.1.1)")
    func idempotent() {
        var list = Fixtures.list(uids: Self.uids)
        let changes = Fixtures.changes(
            [Fixtures.message(5, .flagged, modSeq: 4), Fixtures.message(40, modSeq: 5)], expunged: [20])
        #expect(!list.apply(changes, expungesAllowed: true).isEmpty)
        #expect(list.apply(changes, expungesAllowed: true) == [])
        // An older state of a message (lower MODSEQ) is not written either.
        #expect(list.apply(Fixtures.changes([Fixtures.message(5, modSeq: 3)]), expungesAllowed: true) == [])
    }

    @Test("RFC 9051 §6.4.6: the session's own STORE is not repeated; a later change by another still is")
    func ownChanges() {
        var list = Fixtures.list(uids: Self.uids)
        let own = Fixtures.message(9, .seen, modSeq: 6)
        list.recordOwnChange([own])
        #expect(list.apply(Fixtures.changes([own], highestModSeq: 6), expungesAllowed: true) == [])
        let other = Fixtures.message(9, [.seen, .answered], modSeq: 7)
        #expect(list.apply(Fixtures.changes([other], highestModSeq: 7), expungesAllowed: true, includeModSequence: true)
            == [.fetch(3, [.uid(9), .flags([.answered, .seen]), .modSequence(7)])])
    }

    @Test("A flag change for a message gone but not yet announced is not written")
    func flagChangeOfExpunged() {
        var list = Fixtures.list(uids: Self.uids)
        _ = list.apply(Fixtures.changes([], expunged: [9]), expungesAllowed: false)
        #expect(list.apply(Fixtures.changes([Fixtures.message(9, .seen, modSeq: 9)]), expungesAllowed: false) == [])
    }

    @Test("A message delivered and expunged between two looks is neither announced nor expunged")
    func arrivedAndGone() {
        var list = Fixtures.list(uids: Self.uids)
        let changes = Fixtures.changes([Fixtures.message(25, modSeq: 9)], expunged: [25])
        #expect(list.apply(changes, expungesAllowed: true) == [])
        #expect(list.count == 5)
    }

    @Test("RFC 9051 §6.4.3: EXPUNGE of 3, 4, 7, 11 written descending (the RFC writes 3, 3, 5, 8 ascending)")
    func expungeOrder() {
        var list = Fixtures.list(uids: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11])
        // RFC 9051 §6.4.3: messages 3, 4, 7 and 11 had \Deleted.
        #expect(list.apply(Fixtures.changes([], expunged: [3, 4, 7, 11], highestModSeq: 60), expungesAllowed: true)
            == [.expunge(11), .expunge(7), .expunge(4), .expunge(3)])
        #expect(list.count == 7)
        #expect(list.highestModSeq == 60)
    }

    @Test("RFC 9051 §6.3.2: FLAGS and PERMANENTFLAGS carry the keywords in use; \\* allowed; first unseen")
    func selectStatus() {
        let selection = Fixtures.selection([
            Fixtures.message(4, .seen, keywords: ["$Forwarded"]),
            Fixtures.message(6, [], keywords: ["$forwarded", "NonJunk"], modSeq: 12),
        ])
        let status = SelectedMessages(selection: selection).selectStatus(of: selection, listAttributes: [.hasNoChildren])
        let expected: [Flag] = Flag.system + [.keyword("$Forwarded"), .keyword("NonJunk")]
        #expect(status.flags == expected)
        #expect(status.permanentFlags == expected)
        #expect(status.allowsNewKeywords)
        #expect(status.exists == 2)
        #expect(status.recent == 0)
        #expect(status.firstUnseen == 2)
        #expect(status.uidNext == 7)
        #expect(status.uidValidity == 3_857_529_045)
        #expect(status.highestModSequence == 12)
        #expect(status.listAttributes == [.hasNoChildren])
    }

    @Test("RFC 9051 §2.3.2: flags to and from the wire; \\Recent and extension flags are never stored")
    func flagConversion() {
        let flags = MessageFlags(imapFlags: [
            .seen, .keyword("$Junk"), .keyword("$JUNK"), .recent, .extension("X"), .draft,
        ])
        #expect(flags.system == [.seen, .draft])
        #expect(flags.keywords == ["$Junk"])
        #expect(flags.imapFlags == [.seen, .draft, .keyword("$Junk")])
    }
}
