import MailIndex

/// The flags a Maildir file name carries after `:2,` (https://cr.yp.to/proto/maildir.html, "info
/// semantics"), as mutt, Dovecot and mbsync write them, so a flag set by one is seen by the others:
/// `D` draft, `F` flagged, `P` passed (Dovecot's `$Forwarded`), `R` replied (`\Answered`), `S` seen,
/// `T` trashed (`\Deleted`), and Dovecot's keyword letters `a`…`z`, whose names its
/// `dovecot-keywords` file lists in order. Letters are written in ASCII order, each once.
enum MaildirInfo {
    /// The separator before the info; `:` on every system mailroom runs on.
    static let marker = ":2,"
    private static let markerBytes = Array(marker.utf8)
    /// Dovecot's keyword for `P`.
    static let forwarded = "$Forwarded"

    private static let systemLetters: [(Character, MessageFlags.System)] = [
        ("D", .draft), ("F", .flagged), ("R", .answered), ("S", .seen), ("T", .deleted),
    ]

    /// The flags of file `name`; `keywords` are the names of the letters `a`, `b`, … in order. Letters
    /// mailroom does not know, and keyword letters with no name, are ignored.
    static func flags(ofName name: String, keywords: [String]) -> MessageFlags {
        guard let info = infoRange(in: name) else { return MessageFlags() }
        var flags = MessageFlags()
        for letter in name[info.upperBound...] {
            if let system = systemLetters.first(where: { $0.0 == letter })?.1 {
                flags.system.insert(system)
            } else if letter == "P" {
                flags.keywords.insert(forwarded)
            } else if let ascii = letter.asciiValue, (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(ascii),
                      Int(ascii - UInt8(ascii: "a")) < keywords.count {
                flags.keywords.insert(keywords[Int(ascii - UInt8(ascii: "a"))])
            }
        }
        return flags
    }

    /// `name` with its info replaced by `flags`. A keyword that is not among `keywords` (and not
    /// `$Forwarded`) gets no letter: the index keeps it, the name cannot (26 letters at most).
    static func name(_ name: String, with flags: MessageFlags, keywords: [String]) -> String {
        let base = infoRange(in: name).map { String(name[..<$0.lowerBound]) } ?? name
        return base + marker + letters(of: flags, keywords: keywords)
    }

    /// The info letters for `flags`, in ASCII order, without the `:2,` marker.
    static func letters(of flags: MessageFlags, keywords: [String]) -> String {
        var letters = systemLetters.filter { flags.system.contains($0.1) }.map(\.0)
        let lowered = Set(flags.keywords.map { $0.lowercased() })
        if lowered.contains(forwarded.lowercased()) {
            letters.append("P")
        }
        for (index, keyword) in keywords.prefix(26).enumerated() where lowered.contains(keyword.lowercased()) {
            letters.append(Character(Unicode.Scalar(UInt8(ascii: "a") + UInt8(index))))
        }
        return String(letters.sorted())
    }

    /// Where the last `:2,` is in `name`.
    private static func infoRange(in name: String) -> Range<String.Index>? {
        // Searched as UTF-8 bytes from the end: a listing asks it of every file in the folder.
        let utf8 = name.utf8
        var end = utf8.endIndex
        while let colon = utf8[..<end].lastIndex(of: markerBytes[0]) {
            if utf8[colon...].starts(with: markerBytes) {
                return colon..<utf8.index(colon, offsetBy: markerBytes.count)
            }
            end = colon
        }
        return nil
    }
}
