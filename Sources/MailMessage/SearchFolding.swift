/// Case-insensitive matching for SEARCH (RFC 9051 §6.4.4: "In all search keys that use strings, a message
/// matches the key if the string is a substring of the associated text. The matching is case-insensitive.").
/// Folding is Unicode lowercasing plus the full case foldings that lowercasing leaves out (ß → ss, final sigma,
/// long s, Latin ligatures), so `STRASSE` finds `Straße`. Both sides are folded the same way.
public enum SearchFolding {
    /// `text` folded for comparison.
    public static func fold(_ text: String) -> String {
        let lowered = text.lowercased()
        guard lowered.unicodeScalars.contains(where: { extraFoldings[$0] != nil }) else { return lowered }
        var folded = String.UnicodeScalarView()
        for scalar in lowered.unicodeScalars {
            if let replacement = extraFoldings[scalar] {
                folded.append(contentsOf: replacement.unicodeScalars)
            } else {
                folded.append(scalar)
            }
        }
        return String(folded)
    }

    /// True when `key` folded is a substring of `text` folded; the empty key matches everything.
    public static func contains(_ text: String, _ key: String) -> Bool {
        let foldedKey = fold(key)
        return foldedKey.isEmpty || fold(text).contains(foldedKey)
    }
}
