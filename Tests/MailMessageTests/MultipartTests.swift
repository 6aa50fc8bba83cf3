import MailMessage
import Testing

@Suite("MIME multipart parsing (RFC 2046 §5.1)")
struct MultipartTests {
    static let rfc2046Example = """
        From: Nathaniel Borenstein <nsb@bellcore.com>
        To: Ned Freed <ned@innosoft.com>
        Date: Sun, 21 Mar 1993 23:56:48 -0800 (PST)
        Subject: Sample message
        MIME-Version: 1.0
        Content-type: multipart/mixed; boundary="simple boundary"

        This is the preamble.  It is to be ignored, though it
        is a handy place for composition agents to include an
        explanatory note to non-MIME conformant readers.

        --simple boundary

        This is implicitly typed plain US-ASCII text.
        It does NOT end with a linebreak.
        --simple boundary
        Content-type: text/plain; charset=us-ascii

        This is explicitly typed plain US-ASCII text.
        It DOES end with a linebreak.

        --simple boundary--

        This is the epilogue.  It is also to be ignored.

        """

    @Test("RFC 2046 §5.1.1 example: two parts, preamble and epilogue left out, the CRLF before a delimiter belongs to it",
          arguments: LineEnd.allCases)
    func rfc2046Example(lineEnd: LineEnd) throws {
        let message = stored(Self.rfc2046Example, lineEnd)
        let structure = MessageStructure(parsing: message)
        #expect(structure.message.fields.contentType.is("multipart", "mixed"))
        guard case .multipart(let children) = structure.message.content else {
            Issue.record("not multipart: \(structure.message.content)")
            return
        }
        #expect(children.count == 2)
        #expect(structure.slice([1], .mime, in: message) == "\n")
        #expect(structure.slice([1], in: message) == """
            This is implicitly typed plain US-ASCII text.
            It does NOT end with a linebreak.
            """)
        #expect(structure.slice([2], .mime, in: message) == "Content-type: text/plain; charset=us-ascii\n\n")
        #expect(structure.slice([2], in: message) == """
            This is explicitly typed plain US-ASCII text.
            It DOES end with a linebreak.

            """)
        #expect(structure.parts[children[0]].fields.contentType == .plainText)
        #expect(structure.slice([], .text, in: message)?.hasSuffix("This is the epilogue.  It is also to be ignored.\n") == true)
        #expect(structure.slice([], .header, in: message)?.hasSuffix("boundary=\"simple boundary\"\n\n") == true)
        #expect(structure.size.count == message.count)
        #expect(structure.size.crlfSize == stored(Self.rfc2046Example, .crlf).count)
    }
}
