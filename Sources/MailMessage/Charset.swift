/// A character set named by a charset parameter (RFC 2046 §4.1.2), an encoded word (RFC 2047 §2) or an RFC 2231
/// value, recognised by its IANA name or a common alias, with its conversion to UTF-8 (``decode(_:)``).
///
/// Legacy sets are read as the superset that mailers really produce under their names: GB2312 and GBK as
/// GB18030, Big5 as Microsoft's CP950, Shift_JIS as CP932, EUC-JP as its Microsoft variant, EUC-KR (and
/// Outlook's `ks_c_5601-1987`) as CP949, and ISO-8859-1 as Windows-1252 (the WHATWG Encoding Standard's rule;
/// mail labelled Latin-1 is full of Windows quotes). US-ASCII is read as UTF-8, its superset, so stray 8-bit
/// text labelled US-ASCII survives when it is UTF-8. A label not in the table gives nil: the caller decides.
public struct Charset: Hashable, Sendable, CustomStringConvertible {
    /// The canonical name (`GB18030`, `ISO-8859-2`).
    public let name: String
    let conversion: Conversion

    enum Conversion: Hashable, Sendable {
        /// Swift's own UTF-8 decoding.
        case utf8
        /// glibc iconv from this name.
        case iconv(String)
        /// ISO-2022-JP rewritten as EUC-JP, then iconv (see ``ISO2022JP``).
        case iso2022JP
    }

    init(name: String, conversion: Conversion) {
        self.name = name
        self.conversion = conversion
    }

    /// The charset a label names, without case, quotes, white space or an RFC 2231 §5 `*language` suffix; nil
    /// when it is not known.
    public init?(_ label: String) { self.init(label: Array(label.utf8)) }

    /// The charset a label's octets name (see ``init(_:)``).
    public init?(label: some Collection<UInt8>) {
        var name = ASCII.trimmed(Array(label)[...])
        if let star = name.firstIndex(of: ASCII.asterisk) { name = name[..<star] }
        while name.first == ASCII.quote { name.removeFirst() }
        while name.last == ASCII.quote { name.removeLast() }
        guard name.count <= 40, let known = Self.table[String(decoding: name.map(ASCII.lowercased), as: UTF8.self)]
        else { return nil }
        self = known
    }

    public static let utf8 = Charset(name: "UTF-8", conversion: .utf8)
    public static let usASCII = Charset(name: "US-ASCII", conversion: .utf8)

    public var description: String { name }

    /// `bytes` converted to UTF-8; an octet sequence invalid in this charset becomes U+FFFD, and conversion
    /// continues after it. Each call opens its own iconv descriptor (0.2-0.4 µs on glibc, measured), so there
    /// is no shared state and any thread may call.
    public func decode(_ bytes: some Collection<UInt8>) -> String {
        switch conversion {
        case .utf8: String(decoding: Array(bytes), as: UTF8.self)
        case .iconv(let name): CharsetConverter.convert(Array(bytes), from: name)
        case .iso2022JP: CharsetConverter.convert(ISO2022JP.eucJP(Array(bytes)), from: "EUC-JP-MS")
        }
    }

    /// `bytes` converted to UTF-8 as ``decode(_:)`` converts them, folded for SEARCH and appended to `folded`.
    func fold(_ bytes: UnsafeBufferPointer<UInt8>, into folded: inout FoldedText) {
        switch conversion {
        case .utf8: folded.append(utf8: bytes)
        case .iconv(let name): folded.append(utf8: CharsetConverter.utf8(bytes, from: name))
        case .iso2022JP:
            let eucJP = ISO2022JP.eucJP(Array(bytes))
            eucJP.withUnsafeBufferPointer { folded.append(utf8: CharsetConverter.utf8($0, from: "EUC-JP-MS")) }
        }
    }

    func fold(_ bytes: [UInt8], into folded: inout FoldedText) {
        bytes.withUnsafeBufferPointer { fold($0, into: &folded) }
    }

    /// Lowercase label → charset.
    private static let table: [String: Charset] = {
        var table: [String: Charset] = [:]
        func add(_ name: String, _ conversion: Conversion, _ labels: [String]) {
            let charset = Charset(name: name, conversion: conversion)
            for label in labels + [ASCII.lowercased(name)] { table[label] = charset }
        }
        add("UTF-8", .utf8, ["utf8", "unicode-1-1-utf-8", "x-unicode20utf8"])
        add("US-ASCII", .utf8, ["ascii", "ansi_x3.4-1968", "iso-ir-6", "iso646-us", "us", "cp367", "csascii"])
        add("GB18030", .iconv("GB18030"), [
            "gb2312", "gbk", "cp936", "ms936", "windows-936", "x-gbk", "euc-cn", "x-euc-cn", "csgb2312", "csgbk",
            "gb_2312-80", "gb_2312", "chinese", "iso-ir-58",
        ])
        add("Big5", .iconv("CP950"), ["big-5", "cn-big5", "x-x-big5", "csbig5", "cp950", "windows-950", "x-big5"])
        add("Big5-HKSCS", .iconv("BIG5-HKSCS"), ["big5hkscs"])
        add("Shift_JIS", .iconv("CP932"), [
            "shift-jis", "sjis", "x-sjis", "ms_kanji", "csshiftjis", "windows-31j", "cp932", "ms932",
        ])
        add("EUC-JP", .iconv("EUC-JP-MS"), ["x-euc-jp", "eucjp", "cseucpkdfmtjapanese"])
        add("ISO-2022-JP", .iso2022JP, ["csiso2022jp", "iso-2022-jp-1"])
        add("ISO-2022-JP-2", .iconv("ISO-2022-JP-2"), ["csiso2022jp2"])
        add("ISO-2022-JP-3", .iconv("ISO-2022-JP-3"), [])
        add("EUC-KR", .iconv("CP949"), [
            "ks_c_5601-1987", "ks_c_5601-1989", "ks_c_5601", "ksc5601", "ksc_5601", "korean", "csksc56011987",
            "iso-ir-149", "cp949", "uhc", "windows-949", "x-windows-949", "cseuckr",
        ])
        add("KOI8-R", .iconv("KOI8-R"), ["koi8", "cskoi8r", "koi"])
        add("KOI8-U", .iconv("KOI8-U"), ["koi8-ru"])
        add("UTF-7", .iconv("UTF-7"), ["unicode-1-1-utf-7", "csunicode11utf7"])
        add("UTF-16", .iconv("UTF-16"), [])
        add("UTF-16BE", .iconv("UTF-16BE"), [])
        add("UTF-16LE", .iconv("UTF-16LE"), [])
        add("TIS-620", .iconv("TIS-620"), ["tis620", "iso-8859-11", "iso8859-11", "iso_8859-11"])
        add("Windows-874", .iconv("CP874"), ["cp874", "x-cp874"])
        let latinNames: [Int: [String]] = [
            1: ["latin1", "l1", "cp819", "ibm819", "csisolatin1", "iso-ir-100"],
            2: ["latin2", "l2", "csisolatin2"], 3: ["latin3", "l3"], 4: ["latin4", "l4"],
            5: ["cyrillic", "csisolatincyrillic"], 6: ["arabic", "ecma-114", "asmo-708"],
            7: ["greek", "greek8", "ecma-118", "elot_928"], 8: ["hebrew", "iso-8859-8-i", "visual", "logical"],
            9: ["latin5", "l5"], 10: ["latin6", "l6"], 13: ["latin7"], 14: ["latin8"], 15: ["latin9", "latin-9"],
            16: ["latin10"],
        ]
        for part in [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 13, 14, 15, 16] {
            let name = "ISO-8859-\(part)"
            add(name, .iconv(part == 1 ? "WINDOWS-1252" : name),
                ["iso8859-\(part)", "iso_8859-\(part)", "iso8859\(part)"] + (latinNames[part] ?? []))
        }
        for code in 1250...1258 {
            add("Windows-\(code)", .iconv("WINDOWS-\(code)"), ["cp\(code)", "x-cp\(code)", "ms-\(code)"])
        }
        return table
    }()
}
