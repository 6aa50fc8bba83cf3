import MailMessage
import Testing

@Suite("Encoded words (RFC 2047)")
struct EncodedWordTests {
    static func decode(_ text: String, fallback: Charset? = nil) -> String {
        HeaderDecoding.decode(ByteString(text), fallback: fallback)
    }

    @Test("RFC 2047 §8 examples: white space between adjacent encoded words is not displayed", arguments: [
        ("(=?ISO-8859-1?Q?a?=)", "(a)"),
        ("(=?ISO-8859-1?Q?a?= b)", "(a b)"),
        ("(=?ISO-8859-1?Q?a?= =?ISO-8859-1?Q?b?=)", "(ab)"),
        ("(=?ISO-8859-1?Q?a?=  =?ISO-8859-1?Q?b?=)", "(ab)"),
        ("(=?ISO-8859-1?Q?a?=\r\n    =?ISO-8859-1?Q?b?=)", "(ab)"),
        ("(=?ISO-8859-1?Q?a_b?=)", "(a b)"),
        ("(=?ISO-8859-1?Q?a?= =?ISO-8859-2?Q?_b?=)", "(a b)"),
        ("=?US-ASCII?Q?Keith_Moore?= <moore@cs.utk.edu>", "Keith Moore <moore@cs.utk.edu>"),
        ("=?ISO-8859-1?Q?Keld_J=F8rn_Simonsen?= <keld@dkuug.dk>", "Keld Jørn Simonsen <keld@dkuug.dk>"),
        ("=?ISO-8859-1?Q?Andr=E9?= Pirard <PIRARD@vm1.ulg.ac.be>", "André Pirard <PIRARD@vm1.ulg.ac.be>"),
        ("=?ISO-8859-1?B?SWYgeW91IGNhbiByZWFkIHRoaXMgeW8=?=\r\n =?ISO-8859-2?B?dSB1bmRlcnN0YW5kIHRoZSBleGFtcGxlLg==?=",
         "If you can read this you understand the example."),
        ("Nathaniel Borenstein <nsb@thumper.bellcore.com>\r\n (=?iso-8859-8?b?7eXs+SDv4SDp7Oj08A==?=)",
         "Nathaniel Borenstein <nsb@thumper.bellcore.com>\r\n (םולש ןב ילטפנ)"),
    ])
    func rfc2047Examples(encoded: String, decoded: String) {
        #expect(Self.decode(encoded) == decoded)
    }

    @Test("Malformed words and unknown charsets are left as they are", arguments: [
        "=?utf-8?X?abc?=", "=?utf-8?Q?unterminated", "=??Q?abc?=", "=?utf-8?Q?has space?=", "=?x-unknown?Q?abc?=",
        "=?utf-8?", "plain = text ?= here", "=?", "==??==",
    ])
    func malformed(text: String) {
        #expect(Self.decode(text) == text)
    }

    @Test("Lenient where mailers are sloppy: lowercase b/q, no white space around, RFC 2231 §5 language, empty text")
    func lenient() {
        #expect(Self.decode("=?utf-8?b?5L2g5aW9?=") == "你好")
        #expect(Self.decode("Re:=?utf-8?q?caf=C3=A9?=!") == "Re:café!")
        #expect(Self.decode("=?utf-8?B?5L2g?==?utf-8?B?5aW9?=") == "你好")
        #expect(Self.decode("=?US-ASCII*EN?Q?Keith_Moore?=") == "Keith Moore")
        #expect(Self.decode("a =?utf-8?Q??= b") == "a  b")
    }

    @Test("A multibyte character split between two words of one charset is joined before conversion")
    func splitCharacter() {
        // 你 is E4 BD A0: the first word ends after E4 BD.
        #expect(Self.decode("=?UTF-8?B?5L0=?= =?UTF-8?B?oA==?=") == "你")
        // 会 is BB E1 in GB2312.
        #expect(Self.decode("=?gb2312?B?uw==?= =?gb2312?B?4Q==?=") == "会")
    }

    @Test("Chinese subjects as Outlook, Foxmail and Thunderbird write them", arguments: [
        ("=?gb2312?B?u+HS6c2o1qo=?=", "会议通知"),
        ("=?GBK?B?u+HS6c2o1qo=?=", "会议通知"),
        ("=?GB18030?B?u+HS6c2o1qo=?=", "会议通知"),
        ("=?big5?B?t3zEs7Nxqr4=?=", "會議通知"),
        ("Re: =?utf-8?B?5Lya6K6u6YCa55+l?=", "Re: 会议通知"),
        ("=?gb2312?Q?=BB=E1=D2=E9?= =?gb2312?Q?=CD=A8=D6=AA?=", "会议通知"),
    ])
    func chineseSubjects(encoded: String, decoded: String) {
        #expect(Self.decode(encoded) == decoded)
    }

    @Test("Raw 8-bit header text: UTF-8 kept, other octets read in the fallback charset or replaced")
    func rawOctets() {
        #expect(HeaderDecoding.decode(ByteString("直接 UTF-8")) == "直接 UTF-8")
        let gbk: [UInt8] = [0xBB, 0xE1, 0xD2, 0xE9]
        #expect(HeaderDecoding.decode(gbk, fallback: Charset("gb2312")) == "会议")
        #expect(HeaderDecoding.decode(gbk) == "\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}")
    }

    @Test("A field of thousands of unterminated openers decodes in linear time")
    func manyOpeners() {
        let hostile = String(repeating: "=?utf-8?Q?a", count: 30_000)
        #expect(Self.decode(hostile) == hostile)
    }
}
