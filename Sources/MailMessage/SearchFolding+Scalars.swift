/// How a folded scalar may take part in a match, for ``SearchPattern``. `String.contains` compares grapheme
/// clusters (Characters) under canonical equivalence; comparing UTF-8 octets gives the same answer only where
/// neither clusters nor equivalence can make a difference, which these classes record.
enum ScalarClass: UInt8, Comparable {
    /// Always a grapheme cluster of its own between two standalone scalars (only CR LF joins, and a key
    /// with CR or LF is never matched by octets), in NFC, and canonically equivalent to nothing but itself:
    /// ASCII, Latin-1 and Latin Extended-A, Greek and Cyrillic letters, general punctuation, currency signs,
    /// CJK punctuation, kana, CJK ideographs, Hangul syllables, full-width forms, U+FFFD. Emoji-capable
    /// symbols (©, ®, ‼, 〰) are left out: a ZWJ or a modifier may join them.
    case standalone
    /// Canonical combining class 0, NFC quick check Yes and composing with nothing (emoji, dingbats, ZWJ,
    /// variation selectors, the emoji-capable symbols above): canonical equivalence never reaches it, but
    /// it may share a cluster with its neighbours.
    case inert
    /// Anything else (combining marks, jamo, Indic and Thai, compatibility ideographs, singletons such as
    /// U+212B ANGSTROM SIGN): only `String.contains` decides.
    case other

    static func < (lhs: ScalarClass, rhs: ScalarClass) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The class of scalar `value` (no check that it is one).
    static func of(_ value: UInt32) -> ScalarClass {
        switch value {
        case 0...0x7F, 0xA0...0xA8, 0xAA...0xAD, 0xAF...0x17F, 0x386, 0x388...0x3CE, 0x400...0x482, 0x48A...0x4FF,
            0x2010...0x2027, 0x2030...0x203B, 0x203D...0x2048, 0x204A...0x205E, 0x20A0...0x20BF,
            0x3000...0x3029, 0x3031...0x303C, 0x303E...0x303F, 0x3041...0x3096, 0x309B...0x30FF, 0x3400...0x4DBF,
            0x4E00...0x9FFF, 0xAC00...0xD7A3, 0xFF01...0xFF9D, 0xFFFD, 0x20000...0x2F7FF, 0x30000...0x323AF:
            .standalone
        case 0xA9, 0xAE, 0x200D, 0x203C, 0x2049, 0x2600...0x27BF, 0x3030, 0x303D, 0xFE00...0xFE0F,
            0x1F000...0x1FAFF:
            .inert
        default:
            .other
        }
    }
}

extension SearchFolding {
    /// Full case foldings (Unicode CaseFolding.txt status F and the final sigma) that `lowercased()` does not do.
    static let extraFoldings: [Unicode.Scalar: String] = [
        "\u{DF}": "ss", "\u{3C2}": "\u{3C3}", "\u{17F}": "s", "\u{FB00}": "ff", "\u{FB01}": "fi", "\u{FB02}": "fl",
        "\u{FB03}": "ffi", "\u{FB04}": "ffl", "\u{FB05}": "st", "\u{FB06}": "st", "\u{1E9E}": "ss",
    ]

    /// Marks a ``foldTable`` entry whose scalar folds to more than one scalar (or is a surrogate).
    static let multiScalar: UInt32 = .max

    /// For every BMP scalar that folds to one scalar: that scalar in the low 21 bits and its ``ScalarClass`` in
    /// the top byte; ``multiScalar`` for the others. Built on first use from the standard library's case
    /// mappings (a few milliseconds), so that folding a non-ASCII scalar costs one load.
    static let foldTable: [UInt32] = (0..<0x1_0000).map { value in
        guard let scalar = Unicode.Scalar(UInt32(value)) else { return multiScalar }
        let lowered = scalar.properties.lowercaseMapping.unicodeScalars
        guard lowered.count == 1, let single = lowered.first, extraFoldings[single] == nil else { return multiScalar }
        return single.value | UInt32(ScalarClass.of(single.value).rawValue) << 24
    }

    /// The scalars `scalar` folds to, the slow way: lowercase mapping, then the extra foldings.
    static func foldedScalars(_ scalar: Unicode.Scalar) -> [Unicode.Scalar] {
        scalar.properties.lowercaseMapping.unicodeScalars.flatMap { lowered in
            extraFoldings[lowered].map { Array($0.unicodeScalars) } ?? [lowered]
        }
    }
}
