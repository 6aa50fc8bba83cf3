/// A LIST or LSUB pattern joined with its reference (RFC 9051 §6.3.9): `*` matches any characters, `%` any
/// but the hierarchy delimiter, everything else itself. The reference is put before the pattern as it is
/// (`LIST "Archive/" "%"` is `Archive/%`), as the RFC's examples and Dovecot do. `INBOX` is case-insensitive
/// (§5.1): in a name that is INBOX or under it, the first five characters match without regard to case.
///
/// Matching simulates the pattern as an automaton over the name's Unicode scalars, O(name × pattern), so no
/// pattern of wildcards makes it backtrack.
struct ListPattern {
    private let scalars: [Unicode.Scalar]
    static let delimiter: Unicode.Scalar = "/"

    init(reference: String, pattern: String) {
        var scalars: [Unicode.Scalar] = []
        // Runs of `*` match what one does.
        for scalar in (reference + pattern).unicodeScalars where !(scalar == "*" && scalars.last == "*") {
            scalars.append(scalar)
        }
        self.scalars = scalars
    }

    /// True for the empty pattern (with an empty reference).
    var isEmpty: Bool { scalars.isEmpty }

    /// True when `name` (a Unicode name, `INBOX` spelled so) matches.
    func matches(_ name: String) -> Bool {
        let inboxPrefix = name == "INBOX" || name.hasPrefix("INBOX/") ? 5 : 0
        var states = [Bool](repeating: false, count: scalars.count + 1)
        states[0] = true
        close(&states)
        for (offset, character) in name.unicodeScalars.enumerated() {
            var next = [Bool](repeating: false, count: scalars.count + 1)
            var any = false
            for index in scalars.indices where states[index] {
                let wanted = scalars[index]
                if wanted == "*" || (wanted == "%" && character != Self.delimiter) {
                    next[index] = true
                    any = true
                } else if Self.same(wanted, character, ignoringCase: offset < inboxPrefix) {
                    next[index + 1] = true
                    any = true
                }
            }
            guard any else { return false }
            close(&next)
            states = next
        }
        return states[scalars.count]
    }

    /// Adds the states reachable by letting wildcards match nothing.
    private func close(_ states: inout [Bool]) {
        for index in scalars.indices where states[index] && (scalars[index] == "*" || scalars[index] == "%") {
            states[index + 1] = true
        }
    }

    private static func same(_ wanted: Unicode.Scalar, _ character: Unicode.Scalar, ignoringCase: Bool) -> Bool {
        guard ignoringCase, wanted.isASCII, character.isASCII else { return wanted == character }
        return wanted.value | 0x20 == character.value | 0x20
    }
}
