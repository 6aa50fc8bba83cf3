import MailMessage
import Testing

@Suite("Header fields (RFC 5322 §2.2, §3.6)")
struct HeaderTests {
    @Test("Fields are unfolded (§2.2.3), the white space after the colon dropped, names kept as written",
          arguments: LineEnd.allCases)
    func unfolding(lineEnd: LineEnd) {
        let message = stored("Subject: This\n is a\n\t folded subject\nX-Empty:\nFrom: a@b.test\n\nbody\n", lineEnd)
        let header = MessageHeader(parsing: message)
        #expect(header.fields.map(\.name) == ["Subject", "X-Empty", "From"])
        #expect(header.values(named: "SUBJECT") == ["This is a\t folded subject"])
        #expect(header.values(named: "x-empty") == [""])
        #expect(header.size == stored("Subject: This\n is a\n\t folded subject\nX-Empty:\nFrom: a@b.test\n\n", lineEnd).count)
        #expect(String(decoding: message[header.fields[0].lines], as: UTF8.self)
                == String(decoding: stored("Subject: This\n is a\n\t folded subject\n", lineEnd), as: UTF8.self))
    }

    @Test("RFC 5322 §4.5.3 obs-optional: white space between the name and the colon")
    func spaceBeforeColon() {
        let header = MessageHeader(parsing: stored("To : Mary Smith\n  <mary@example.net>\n\n"))
        #expect(header.fields.map(\.name) == ["To"])
        #expect(header.values(named: "to") == ["Mary Smith  <mary@example.net>"])
    }

    @Test("Lines without a colon, with a bad name, or continuing nothing are skipped; the header goes on to the empty line")
    func garbageLines() {
        let message = stored("""
             leading continuation
            From someone@example.com Thu Jan  1 00:00:00 2026
            Subject: kept
            no colon here
             continuation of garbage
            Bad Name: x
            :empty name
            X-Ok: yes

            body

            """)
        let header = MessageHeader(parsing: message)
        #expect(header.fields.map(\.name) == ["Subject", "X-Ok"])
        #expect(header.values(named: "subject") == ["kept"])
        #expect(String(decoding: message[header.size...], as: UTF8.self) == "body\r\n")
    }

    @Test("NUL and 8-bit octets in values are kept as they are")
    func rawOctets() {
        let message: [UInt8] = Array("Subject: a".utf8) + [0, 0xD6, 0xD0] + Array("\r\n\r\n".utf8)
        #expect(MessageHeader(parsing: message).values(named: "Subject") == [ByteString(Array("a".utf8) + [0, 0xD6, 0xD0])])
    }

    @Test("A header without an empty line ends with the bytes")
    func noEmptyLine() {
        let header = MessageHeader(parsing: stored("Subject: only a header"))
        #expect(header.values(named: "subject") == ["only a header"])
        #expect(header.size == 22)
    }

    @Test("Only the first MIMELimits.maximumHeaderFields fields are read")
    func fieldLimit() {
        let lines = (0..<(MIMELimits.maximumHeaderFields + 50)).map { "X-\($0): v\n" }.joined()
        let header = MessageHeader(parsing: stored(lines + "Subject: late\n\nbody"))
        #expect(header.fields.count == MIMELimits.maximumHeaderFields)
        #expect(header.values(named: "subject").isEmpty)
        #expect(header.size == stored(lines + "Subject: late\n\n").count)
    }

    @Test("Fields starting past MIMELimits.maximumHeaderBytes octets are not read, and a value is cut there")
    func byteLimit() {
        let long = String(repeating: "a", count: MIMELimits.maximumHeaderBytes + 10)
        let header = MessageHeader(parsing: stored("X-Long: \(long)\nSubject: late\n\n"))
        #expect(header.fields.map(\.name) == ["X-Long"])
        #expect(header.fields[0].value.count == MIMELimits.maximumHeaderBytes - "X-Long: ".utf8.count)
    }

    @Test("A line of 4 MiB in a header is read in linear time and cut at the byte limit")
    func enormousLine() {
        let message = Array("Subject: ".utf8) + [UInt8](repeating: 0x41, count: 4 << 20) + Array("\n\nbody".utf8)
        let header = MessageHeader(parsing: message)
        #expect(header.size == message.count - 4)
        #expect(header.fields.first?.value.count == MIMELimits.maximumHeaderBytes - 9)
    }

    @Test("RFC 9051 §6.4.5 HEADER.FIELDS and HEADER.FIELDS.NOT: the chosen fields' lines as written, then the empty line",
          arguments: LineEnd.allCases)
    func selectedFields(lineEnd: LineEnd) {
        let message = stored("From: a@b.test\nSubject: one\n two\nTo: c@d.test\nsubject: again\n\nbody", lineEnd)
        let header = MessageHeader(parsing: message)
        let selected = String(decoding: header.selectedLines(["Subject"], from: message), as: UTF8.self)
        #expect(selected.replacingOccurrences("\r\n", with: "\n") == "Subject: one\n two\nsubject: again\n\n")
        let rest = String(decoding: header.selectedLines(["SUBJECT", "from"], excluding: true, from: message), as: UTF8.self)
        #expect(rest.replacingOccurrences("\r\n", with: "\n") == "To: c@d.test\n\n")
        #expect(header.selectedLines(["X-None"], from: message) == [0x0D, 0x0A])
    }

    @Test("The last field of a header without a line end is completed by a line end")
    func selectedUnterminated() {
        let message = Array("Subject: x".utf8)
        #expect(MessageHeader(parsing: message).selectedLines(["subject"], from: message) == Array("Subject: x\r\n\r\n".utf8))
    }

    @Test("Decoded values for SEARCH (RFC 9051 §6.4.4) decode encoded words")
    func decodedValues() {
        let header = MessageHeader(parsing: stored("Subject: =?utf-8?B?5L2g5aW9?= world\n\n"))
        #expect(header.decodedValues(named: "subject") == ["你好 world"])
        #expect(header.fields[0].decodedValue == "你好 world")
    }
}
