@testable import MailMessage
import Testing

/// The octet matcher of SEARCH (RFC 9051 §6.4.4: case-insensitive substring of the decoded text) must answer
/// exactly as `String.contains` on the folded strings does, the definition it replaces.
@Suite("Search patterns over folded octets (RFC 9051 §6.4.4)")
struct SearchPatternTests {
    static func matches(_ text: String, _ key: String) -> Bool {
        SearchPattern(key).matches(FoldedText(text))
    }

    @Test("Case-insensitive substrings with full case folding, in every script the corpus has", arguments: [
        ("Hello World", "WORLD", true), ("Straße", "STRASSE", true), ("STRASSE", "straße", true),
        ("ΣΊΣΥΦΟΣ", "σίσυφος", true), ("oﬃce", "OFFICE", true), ("Ⅻ", "ⅻ", true), ("𐐀", "𐐨", true),
        ("会议通知", "通知", true), ("ОТЧЁТ за квартал", "отчёт", true), ("réunion", "RÉUNION", true),
        ("見積書を送ります", "見積書", true), ("會議記錄", "會議", true), ("Größe", "GRÖSSE", true),
        ("Hello", "help", false), ("通知", "通知书", false), ("İstanbul", "istanbul", false),
        ("İstanbul", "İSTANBUL", true),
    ])
    func folding(text: String, key: String, expected: Bool) {
        #expect(Self.matches(text, key) == expected)
        #expect(SearchFolding.contains(text, key) == expected)
    }

    @Test("The empty key matches every text, also the empty one; a key longer than the text matches nothing",
          arguments: ["", "x", "会议"])
    func emptyAndLongKeys(text: String) {
        #expect(Self.matches(text, ""))
        #expect(!Self.matches(text, text + "longer"))
        #expect(!Self.matches(text, "会议通知会议通知"))
    }

    @Test("Grapheme clusters and canonical equivalence decide as String.contains does", arguments: [
        // A base letter of a decomposed é is not the letter e; the decomposed and composed é are the same.
        ("cafe\u{301}", "cafe", false), ("cafe\u{301}", "café", true), ("café", "cafe\u{301}", true),
        ("cafe\u{301}s", "e\u{301}s", true),
        // KELVIN SIGN and ANGSTROM SIGN are canonically K and Å; GREEK QUESTION MARK is ';'.
        ("20 \u{212A}", "20 k", true), ("\u{212B}ngström", "ångström", true), ("a;b", "a\u{37E}b", true),
        // Emoji with modifiers and ZWJ sequences are one cluster; text beside them still matches.
        ("ok👍🏽", "👍", false), ("ok👍🏽", "ok", true), ("👍invoice👍", "invoice", true),
        ("👨‍👩‍👧", "👩", false), ("x\u{200D}y", "x", false),
        // Hangul: a precomposed syllable, and the same syllable from conjoining jamo.
        ("회의", "회의", true), ("\u{1112}\u{116C}\u{110B}\u{1174}", "회의", true),
        // CR LF is one cluster: neither a lone CR nor a lone LF is in it.
        ("a\r\nb", "\n", false), ("a\r\nb", "a\r", false), ("a\r\nb", "a\r\nb", true), ("a\nb", "\nb", true),
        // Kana with a combining voiced mark against the precomposed kana.
        ("\u{304B}\u{3099}", "\u{304C}", true), ("\u{304B}\u{3099}", "\u{304B}", false),
    ])
    func clusters(text: String, key: String, expected: Bool) {
        #expect(Self.matches(text, key) == expected)
        #expect(SearchFolding.contains(text, key) == expected)
    }

    @Test("Octets that are not UTF-8 read as String(decoding:) reads them")
    func invalidOctets() {
        let raw: [UInt8] = [0x41, 0xC3, 0x28, 0xE2, 0x82, 0x42, 0xF0, 0x9F, 0x98, 0xED, 0xA0, 0x80, 0x43]
        var folded = FoldedText()
        folded.append(utf8: raw)
        #expect(folded.bytes == Array(SearchFolding.fold(String(decoding: raw, as: UTF8.self)).utf8))
        #expect(SearchPattern("\u{FFFD}(").matches(folded))
        #expect(SearchPattern("a\u{FFFD}").matches(folded))
    }

    @Test("Folding octets gives the UTF-8 of SearchFolding.fold for every scalar")
    func everyScalar() {
        var mismatches: [UInt32] = []
        for value in UInt32(0)...0x10_FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let text = String(Character(scalar))
            if FoldedText(text).bytes != Array(SearchFolding.fold(text).utf8) { mismatches.append(value) }
        }
        #expect(mismatches.isEmpty)
    }

    @Test("Standalone and inert scalars are in NFC with combining class 0; standalone ones are clusters of their own")
    func scalarClasses() {
        let neighbours: [Unicode.Scalar] = ["a", "\u{E9}", "\u{416}", "\u{4F1A}", "\u{AC00}", "\u{3042}", "\r", "\n"]
        var wrong: [UInt32] = []
        for value in UInt32(0)...0x3_23AF {
            guard let scalar = Unicode.Scalar(value), ScalarClass.of(value) != .other else { continue }
            let alone = String(Character(scalar))
            var sound = alone._nfcCodeUnits == Array(alone.utf8)
                && scalar.properties.canonicalCombiningClass == .notReordered
            if ScalarClass.of(value) == .standalone {
                for other in neighbours + [scalar] where !(scalar == "\r" && other == "\n") {
                    var pair = String.UnicodeScalarView()
                    pair.append(scalar)
                    pair.append(other)
                    let reversed = String(String.UnicodeScalarView([other, scalar]))
                    let reversedJoins = other == "\r" && scalar == "\n"
                    sound = sound && String(pair).count == 2 && (reversedJoins || reversed.count == 2)
                }
            }
            if !sound { wrong.append(value) }
        }
        #expect(wrong.isEmpty)
    }

    @Test("Random texts and keys: the octet matcher agrees with String.contains")
    func randomised() {
        // Standalone, inert and other scalars, with the combining marks and joiners that make octets unsure.
        let alphabet: [String] = [
            "a", "B", "e", "\u{E9}", "\u{C9}", "\u{301}", "ß", "s", "S", "\u{3A3}", "\u{3C2}", "\u{3C3}", "Ж", "ж",
            "会", "议", "\u{304B}", "\u{3099}", "\u{304C}", "회", "\u{1112}", "\u{116C}", "👍", "\u{1F3FD}", "\u{200D}",
            "\u{FE0F}", "\u{212A}", "k", "\r", "\n", " ", "\u{E01}", "\u{E38}", "ﬁ", "\u{130}", "i", "\u{307}",
        ]
        var random = SplitMix64(seed: 9051)
        var disagreements: [(String, String)] = []
        for _ in 0..<20_000 {
            let text = (0..<random.below(12)).map { _ in alphabet[random.below(alphabet.count)] }.joined()
            var key = (0..<(1 + random.below(3))).map { _ in alphabet[random.below(alphabet.count)] }.joined()
            if random.below(2) == 0, !text.isEmpty {
                // A slice of the text itself, at scalar offsets that may cut clusters.
                let scalars = Array(text.unicodeScalars)
                let start = random.below(scalars.count)
                let end = start + 1 + random.below(scalars.count - start)
                key = String(String.UnicodeScalarView(scalars[start..<end]))
            }
            if Self.matches(text, key) != SearchFolding.contains(text, key) { disagreements.append((text, key)) }
        }
        #expect(disagreements.isEmpty, "\(disagreements.prefix(5))")
    }
}

/// A seeded generator (SplitMix64), so the randomised test is the same on every run.
struct SplitMix64 {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func below(_ bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ mixed >> 30) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ mixed >> 27) &* 0x94D0_49BB_1331_11EB
        return Int((mixed ^ mixed >> 31) % UInt64(bound))
    }
}
