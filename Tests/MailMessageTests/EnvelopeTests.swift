import MailMessage
import Testing

@Suite("ENVELOPE (RFC 9051 §7.5.2, RFC 3501 §7.4.2) from RFC 5322 Appendix A messages")
struct EnvelopeTests {
    @Test("RFC 5322 A.1.1: a simple message; Sender and Reply-To default to From", arguments: LineEnd.allCases)
    func simpleAddressing(lineEnd: LineEnd) {
        let message = stored("""
            From: John Doe <jdoe@machine.example>
            To: Mary Smith <mary@example.net>
            Subject: Saying Hello
            Date: Fri, 21 Nov 1997 09:55:06 -0600
            Message-ID: <1234@local.machine.example>

            This is a message just to say hello.
            So, "Hello".

            """, lineEnd)
        let john = Address(name: "John Doe", mailbox: "jdoe", host: "machine.example")
        #expect(MessageStructure(parsing: message).envelope == Envelope(
            date: "Fri, 21 Nov 1997 09:55:06 -0600", subject: "Saying Hello", from: [john], sender: [john],
            replyTo: [john], to: [Address(name: "Mary Smith", mailbox: "mary", host: "example.net")],
            messageID: "<1234@local.machine.example>"))
    }

    @Test("RFC 5322 A.2: a reply with In-Reply-To, Reply-To kept")
    func reply() {
        let message = stored("""
            From: Mary Smith <mary@example.net>
            To: John Doe <jdoe@machine.example>
            Reply-To: "Mary Smith: Personal Account" <smith@home.example>
            Subject: Re: Saying Hello
            Date: Fri, 21 Nov 1997 10:01:10 -0600
            Message-ID: <3456@example.net>
            In-Reply-To: <1234@local.machine.example>
            References: <1234@local.machine.example>

            This is a reply to your hello.

            """)
        let envelope = MessageStructure(parsing: message).envelope
        #expect(envelope.replyTo == [Address(name: "Mary Smith: Personal Account", mailbox: "smith", host: "home.example")])
        #expect(envelope.sender == envelope.from)
        #expect(envelope.inReplyTo == "<1234@local.machine.example>")
    }

    @Test("RFC 5322 A.5: white space, comments and a folded date are kept raw, unfolded")
    func whiteSpaceAndComments() {
        let message = stored("""
            From: Pete(A nice \\) chap) <pete(his account)@silly.test(his host)>
            To:A Group(Some people)
                 :Chris Jones <c@(Chris's host.)public.example>,
                     joe@example.org,
              John <jdoe@one.test> (my dear friend); (the end of the group)
            Cc:(Empty list)(start)Hidden recipients  :(nobody(that I know))  ;
            Date: Thu,
                  13
                    Feb
                      1969
                  23:32
                           -0330 (Newfoundland Time)
            Message-ID:              <testabcd.1234@silly.test>

            Testing.

            """)
        let envelope = MessageStructure(parsing: message).envelope
        #expect(envelope.date == "Thu,      13        Feb          1969      23:32               -0330 (Newfoundland Time)")
        #expect(envelope.messageID == "<testabcd.1234@silly.test>")
        #expect(envelope.from == [Address(name: "Pete", mailbox: "pete", host: "silly.test")])
        #expect(envelope.to.count == 5)
        #expect(envelope.cc == [.groupStart("Hidden recipients"), .groupEnd])
        #expect(envelope.subject == nil)
        #expect(envelope.bcc.isEmpty)
    }

    @Test("Subjects and names stay raw (IMAP sends them undecoded); decodedSubject decodes")
    func rawSubject() {
        let envelope = MessageStructure(parsing: stored("Subject: =?gb2312?B?u+HS6c2o1qo=?=\nFrom: a@b.test\n\n")).envelope
        #expect(envelope.subject == "=?gb2312?B?u+HS6c2o1qo=?=")
        #expect(envelope.decodedSubject == "会议通知")
    }

    @Test("An empty Sender or Reply-To defaults to From too; an empty Subject is an empty string, not NIL")
    func emptyFields() {
        let envelope = MessageStructure(parsing: stored("From: a@b.test\nSender:\nReply-To: \nSubject:\n\n")).envelope
        #expect(envelope.sender == envelope.from && envelope.replyTo == envelope.from)
        #expect(envelope.subject == "")
    }

    @Test("The first of duplicate fields counts")
    func duplicates() {
        let envelope = MessageStructure(parsing: stored("Subject: first\nSubject: second\n\n")).envelope
        #expect(envelope.subject == "first")
    }

    @Test("A message without any header has an empty envelope")
    func noHeader() {
        #expect(MessageStructure(parsing: stored("\nbody only\n")).envelope == Envelope())
        #expect(MessageStructure(parsing: []).envelope == Envelope())
    }
}
