import MailMessage
import Testing

@Suite("Charsets to UTF-8 (RFC 2046 §4.1.2, glibc iconv)")
struct CharsetTests {
    @Test("Every charset the users' mail arrives in decodes a sample", arguments: [
        ("UTF-8", [0xE4, 0xBD, 0xA0, 0xE5, 0xA5, 0xBD], "你好"),
        ("us-ascii", Array("plain".utf8), "plain"),
        ("GB2312", [0xC4, 0xE3, 0xBA, 0xC3], "你好"),
        ("GBK", [0x81, 0x40], "丂"),
        ("GB18030", [0x81, 0x30, 0x81, 0x30], "\u{80}"),
        ("Big5", [0xA7, 0x41, 0xA6, 0x6E], "你好"),
        ("Big5-HKSCS", [0xA7, 0x41], "你"),
        ("ISO-8859-1", [0xE9, 0x93], "é\u{201C}"),
        ("ISO-8859-2", [0xB1], "ą"),
        ("ISO-8859-3", [0xB1], "ħ"),
        ("ISO-8859-4", [0xB1], "ą"),
        ("ISO-8859-5", [0xB0], "А"),
        ("ISO-8859-6", [0xC7], "ا"),
        ("ISO-8859-7", [0xC1], "Α"),
        ("ISO-8859-8", [0xE0], "א"),
        ("ISO-8859-9", [0xFD], "ı"),
        ("ISO-8859-10", [0xB1], "ą"),
        ("ISO-8859-11", [0xA1], "ก"),
        ("ISO-8859-13", [0xB8], "ø"),
        ("ISO-8859-14", [0xA1], "Ḃ"),
        ("ISO-8859-15", [0xA4], "€"),
        ("ISO-8859-16", [0xA1], "Ą"),
        ("windows-1250", [0x8A], "Š"),
        ("windows-1251", [0xC0], "А"),
        ("windows-1252", [0x80], "€"),
        ("windows-1253", [0xC1], "Α"),
        ("windows-1254", [0xFD], "ı"),
        ("windows-1255", [0xE0], "א"),
        ("windows-1256", [0xC7], "ا"),
        ("windows-1257", [0xB8], "ø"),
        ("windows-1258", [0xC3], "Ă"),
        ("Shift_JIS", [0x82, 0xA0, 0x87, 0x40], "あ①"),
        ("EUC-JP", [0xA4, 0xA2, 0xAD, 0xA1], "あ①"),
        ("ISO-2022-JP", [0x1B, 0x24, 0x42, 0x24, 0x22, 0x2D, 0x21, 0x1B, 0x28, 0x42, 0x61], "あ①a"),
        ("ISO-2022-JP", [0x1B, 0x28, 0x49, 0x31, 0x1B, 0x28, 0x42], "ｱ"),
        ("EUC-KR", [0xC7, 0xD1], "한"),
        ("ks_c_5601-1987", [0xC7, 0xD1], "한"),
        ("KOI8-R", [0xF0, 0xD2, 0xC9], "При"),
        ("KOI8-U", [0xA4], "є"),
    ] as [(String, [UInt8], String)])
    func decodes(label: String, bytes: [UInt8], text: String) throws {
        let charset = try #require(Charset(label))
        #expect(charset.decode(bytes) == text)
    }

    @Test("Labels match without case, quotes, white space or an RFC 2231 §5 language", arguments: [
        ("gb2312", "GB18030"), ("\"GB2312\"", "GB18030"), (" x-gbk ", "GB18030"), ("cp936", "GB18030"),
        ("BIG5", "Big5"), ("utf8", "UTF-8"), ("UTF-8*en", "UTF-8"), ("latin1", "ISO-8859-1"), ("cp1252", "Windows-1252"),
        ("sjis", "Shift_JIS"), ("euc-jp", "EUC-JP"), ("korean", "EUC-KR"), ("koi8-r", "KOI8-R"),
    ])
    func labels(label: String, name: String) {
        #expect(Charset(label)?.name == name)
    }

    @Test("An unknown charset is nil: the caller decides", arguments: ["x-unknown", "", "utf-9", "iso-8859-12", "\u{0}"])
    func unknown(label: String) {
        #expect(Charset(label) == nil)
    }

    @Test("Invalid octets become U+FFFD and decoding goes on; an incomplete sequence at the end too", arguments: [
        ("UTF-8", [0x61, 0xFF, 0x62], "a\u{FFFD}b"),
        ("GB18030", [0x61, 0xFF, 0x62], "a\u{FFFD}b"),
        ("GB18030", [0xC4, 0xE3, 0xC4], "你\u{FFFD}"),
        ("Shift_JIS", [0x82], "\u{FFFD}"),
        ("windows-1252", [0x81, 0x41], "\u{FFFD}A"),
    ] as [(String, [UInt8], String)])
    func invalidOctets(label: String, bytes: [UInt8], text: String) throws {
        #expect(try #require(Charset(label)).decode(bytes) == text)
    }

    @Test("Long input crosses the converter's buffer, and random octets never trap")
    func largeAndRandom() throws {
        let gbk = try #require(Charset("gbk"))
        let sample: [UInt8] = [0xC4, 0xE3, 0xBA, 0xC3]
        #expect(gbk.decode(Array(repeatElement(sample, count: 20_000).joined())) == String(repeating: "你好", count: 20_000))
        var generator = SystemRandomNumberGenerator()
        for label in ["GB18030", "Big5", "Shift_JIS", "EUC-JP", "ISO-2022-JP", "EUC-KR", "UTF-7", "UTF-16"] {
            let bytes = (0..<4096).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let decoded = try #require(Charset(label)).decode(bytes)
            #expect(!decoded.isEmpty)
        }
    }

    @Test("Decoding from many threads at once gives the same results (no shared converter state)")
    func concurrent() async throws {
        let charset = try #require(Charset("big5"))
        let results = await withTaskGroup(of: String.self) { group in
            for _ in 0..<64 { group.addTask { charset.decode([0xA7, 0x41, 0xA6, 0x6E]) } }
            return await group.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(results == Array(repeating: "你好", count: 64))
    }
}
