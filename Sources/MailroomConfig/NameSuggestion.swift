/// "Did you mean" for misspelt setting names: the closest accepted name within two edits.
enum NameSuggestion {
    /// The accepted name nearest to `name` (the earliest in the schema on a tie), if any is
    /// within Levenshtein distance 2: enough for a transposition (`myhostnmae`) or a dropped letter.
    static func closest(to name: String, maximumDistance: Int = 2) -> String? {
        var best: (name: String, distance: Int)?
        for candidate in SettingsSchema.acceptedNames {
            let distance = editDistance(name, candidate)
            if distance <= maximumDistance, distance < (best?.distance ?? .max) {
                best = (candidate, distance)
            }
        }
        return best?.name
    }

    /// Levenshtein distance: insertions, deletions and substitutions each cost 1.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty else { return b.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in stride(from: 1, through: b.count, by: 1) {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            previous = current
        }
        return previous[b.count]
    }
}
