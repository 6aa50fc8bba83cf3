import NIOCore
import Testing

@testable import IMAPProtocol

/// The sample dialogues of RFC 9051 §8 and RFC 3501 §8: every client line through the parser (fed whole
/// and byte by byte, with the session's mode switches), every server line the encoder can write (FETCH
/// ENVELOPE and BODY excepted: their data types belong to MailMessage).
@Suite("IMAP RFC sample dialogues")
struct TranscriptTests {
    @Test("RFC 9051 §8 client side")
    func rfc9051Client() {
        var driver = ParserDriver()
        let first = "biwsbj11c2VyLHI9ck9wck5HZndFYmVSV2diTkVrcU8="
        let second = "Yz1iaXdzLHI9ck9wck5HZndFYmVSV2diTkVrcU8laHZZRHBXVWEyUmFUQ0FmdXhGSWxqKWhObEYkazAscD1kSHpiWmFwV0lrNGpVaE4rVXRlOXl0YWc5empmTUhnc3FtbWl6N0FuZFZRPQ=="
        var parts = driver.parts("a000 starttls\r\n")
        parts += driver.parts("A001 AUTHENTICATE SCRAM-SHA-256 \(first)\r\n")
        driver.parser.expectAuthenticationResponse()
        parts += driver.parts("\(second)\r\n")
        driver.parser.expectAuthenticationResponse()
        parts += driver.parts("\r\n")
        let rest = "babc ENABLE UTF8=ACCEPT\r\na002 select inbox\r\na003 fetch 12 full\r\na004 fetch 12 body[header]\r\n"
            + "a005 store 12 +flags \\deleted\r\na006 logout\r\n"
        let wholeRest = driver.parts(rest)
        var bytewise = ParserDriver()
        #expect(bytewise.parts(rest, chunkSize: 1) == wholeRest)
        parts += wholeRest
        #expect(parts == [
            .command(TaggedCommand(tag: "a000", command: .startTLS)),
            .command(TaggedCommand(tag: "A001", command: .authenticate(mechanism: "SCRAM-SHA-256", initialResponse: first))),
            .authenticationResponse(.response(second)),
            .authenticationResponse(.response("")),
            .command(TaggedCommand(tag: "babc", command: .enable(["UTF8=ACCEPT"]))),
            .command(TaggedCommand(tag: "a002", command: .select(.inbox, parameters: []))),
            .command(TaggedCommand(tag: "a003", command: .fetch(FetchCommand(sequence: .single(12), attributes: FetchAttribute.fullMacro)))),
            .command(TaggedCommand(tag: "a004", command: .fetch(FetchCommand(
                sequence: .single(12), attributes: [.bodySection(SectionSpecifier(kind: .header)!, partial: nil, peek: false)])))),
            .command(TaggedCommand(tag: "a005", command: .store(StoreCommand(sequence: .single(12), operation: .add, flags: [.deleted])))),
            .command(TaggedCommand(tag: "a006", command: .logout)),
        ])
    }

    @Test("RFC 9051 §8 server side")
    func rfc9051Server() {
        let rev2 = ResponseEncodingOptions(revision: .imap4rev2)
        let responses: [ServerResponse] = [
            .untagged(.condition(.ok, code: .capability(["STARTTLS", "AUTH=SCRAM-SHA-256", "LOGINDISABLED", "IMAP4rev2"]),
                                 text: "IMAP4rev2 Service Ready")),
            .tagged(TaggedResponse(tag: "a000", status: .ok, text: "Proceed with TLS negotiation")),
            .continuation(.challenge("cj1yT3ByTkdmd0ViZVJXZ2JORWtxTyVodllEcFdVYTJSYVRDQWZ1eEZJbGopaE5sRiRrMCxzPVcyMlphSjBTTlk3c29Fc1VFamI2Z1E9PSxpPTQwOTY=")),
            .continuation(.challenge("dj02cnJpVFJCaTIzV3BSUi93dHVwK21NaFVaVW4vZEI1bkxUSlJzamw5NUc0PQ==")),
            .tagged(TaggedResponse(tag: "A001", status: .ok, text: "SCRAM-SHA-256 authentication successful")),
            .untagged(.enabled(["UTF8=ACCEPT"])),
            .tagged(TaggedResponse(tag: "babc", status: .ok, text: "ENABLE command completed")),
            .untagged(.exists(18)),
            .untagged(.condition(.ok, code: .uidValidity(3_857_529_045), text: "UIDs valid")),
            .untagged(.condition(.ok, code: .uidNext(4392), text: "Predicted next UID")),
            .untagged(.flags(Flag.system)),
            .untagged(.condition(.ok, code: .permanentFlags([.deleted, .seen], allowsNewKeywords: true), text: "Limited")),
            .untagged(.list(MailboxListItem(attributes: [], delimiter: "/", name: "INBOX"))),
            .tagged(TaggedResponse(tag: "a002", status: .ok, code: .readWrite, text: "SELECT completed")),
            .untagged(.fetch(12, [.flags([.seen, .deleted])])),
            .tagged(TaggedResponse(tag: "a005", status: .ok, text: "+FLAGS completed")),
            .untagged(.bye(code: nil, text: "IMAP4rev2 server terminating connection")),
            .tagged(TaggedResponse(tag: "a006", status: .ok, text: "LOGOUT completed")),
        ]
        let expected = [
            "* OK [CAPABILITY STARTTLS AUTH=SCRAM-SHA-256 LOGINDISABLED IMAP4rev2] IMAP4rev2 Service Ready",
            "a000 OK Proceed with TLS negotiation",
            "+ cj1yT3ByTkdmd0ViZVJXZ2JORWtxTyVodllEcFdVYTJSYVRDQWZ1eEZJbGopaE5sRiRrMCxzPVcyMlphSjBTTlk3c29Fc1VFamI2Z1E9PSxpPTQwOTY=",
            "+ dj02cnJpVFJCaTIzV3BSUi93dHVwK21NaFVaVW4vZEI1bkxUSlJzamw5NUc0PQ==",
            "A001 OK SCRAM-SHA-256 authentication successful", "* ENABLED UTF8=ACCEPT", "babc OK ENABLE command completed",
            "* 18 EXISTS", "* OK [UIDVALIDITY 3857529045] UIDs valid", "* OK [UIDNEXT 4392] Predicted next UID",
            "* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)", "* OK [PERMANENTFLAGS (\\Deleted \\Seen \\*)] Limited",
            "* LIST () \"/\" INBOX", "a002 OK [READ-WRITE] SELECT completed", "* 12 FETCH (FLAGS (\\Seen \\Deleted))",
            "a005 OK +FLAGS completed", "* BYE IMAP4rev2 server terminating connection", "a006 OK LOGOUT completed",
        ].map { $0 + "\r\n" }.joined()
        #expect(responses.map { wire($0, rev2) }.joined() == expected)
    }

    @Test("RFC 3501 §8: an IMAP4rev1 session, RECENT and UNSEEN included")
    func rfc3501() {
        var driver = ParserDriver()
        #expect(driver.parts("a001 login mrc secret\r\na002 select inbox\r\n") == [
            .command(TaggedCommand(tag: "a001", command: .login(username: "mrc", password: "secret"))),
            .command(TaggedCommand(tag: "a002", command: .select(.inbox, parameters: []))),
        ])
        let responses: [ServerResponse] = [
            .untagged(.condition(.ok, code: nil, text: "IMAP4rev1 Service Ready")),
            .tagged(TaggedResponse(tag: "a001", status: .ok, text: "LOGIN completed")),
            .untagged(.exists(18)), .untagged(.flags(Flag.system)), .untagged(.recent(2)),
            .untagged(.condition(.ok, code: .unseen(17), text: "Message 17 is the first unseen message")),
            .untagged(.condition(.ok, code: .uidValidity(3_857_529_045), text: "UIDs valid")),
            .tagged(TaggedResponse(tag: "a002", status: .ok, code: .readWrite, text: "SELECT completed")),
        ]
        #expect(responses.map { wire($0) }.joined() == [
            "* OK IMAP4rev1 Service Ready", "a001 OK LOGIN completed", "* 18 EXISTS",
            "* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)", "* 2 RECENT",
            "* OK [UNSEEN 17] Message 17 is the first unseen message", "* OK [UIDVALIDITY 3857529045] UIDs valid",
            "a002 OK [READ-WRITE] SELECT completed",
        ].map { $0 + "\r\n" }.joined())
    }

    @Test("RFC 2177 §3 / RFC 9051 §6.3.13: IDLE, an EXISTS while idling, DONE")
    func idle() {
        var driver = ParserDriver()
        #expect(driver.parts("A002 IDLE\r\nDONE\r\n") == [.command(TaggedCommand(tag: "A002", command: .idle)), .idleDone])
        #expect([ServerResponse.continuation(.text("idling")), .untagged(.exists(4)),
                 .tagged(TaggedResponse(tag: "A002", status: .ok, text: "IDLE terminated"))].map { wire($0) }.joined()
            == "+ idling\r\n* 4 EXISTS\r\nA002 OK IDLE terminated\r\n")
    }
}
