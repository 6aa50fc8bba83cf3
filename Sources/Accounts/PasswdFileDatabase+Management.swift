import MailCore

/// Account management (`mailroom user add|passwd|del|list`) on a Dovecot passwd-file.
///
/// Every change is a locked read-modify-write that replaces the file atomically (see
/// `DatabaseFile.replace`); lines the change does not concern, comments included, are kept as written.
/// New lines are `alice@example.test:{CRYPT}$y$...::::::`, readable by Dovecot too. Hashing (slow on
/// purpose) happens before the lock is taken, so one slow `add` does not hold up the others.
extension PasswdFileDatabase {
    /// Creates an account with a yescrypt hash of `password`.
    public func add(_ address: EmailAddress, password: String) throws {
        try Self.validate(address)
        let entry = PasswdFileEntry(user: address.canonical.description, password: try PasswordHash.make(password: password))
        try edit { lines in
            guard Self.index(of: address, in: lines) == nil else {
                throw AccountsError(.accountExists, "account \(address) already exists")
            }
            lines.append(entry.line)
        }
    }

    /// Replaces the password of an existing account, keeping its other fields.
    public func setPassword(_ password: String, for address: EmailAddress) throws {
        let hash = try PasswordHash.make(password: password)
        try edit { lines in
            guard let index = Self.index(of: address, in: lines), var entry = PasswdFileEntry(line: lines[index][...]) else {
                throw Self.noSuchAccount(address)
            }
            entry.setPassword(hash)
            lines[index] = entry.line
        }
    }

    /// Removes an account's line. Its mail is left on disk.
    public func delete(_ address: EmailAddress) throws {
        try edit { lines in
            guard let index = Self.index(of: address, in: lines) else { throw Self.noSuchAccount(address) }
            lines.remove(at: index)
        }
    }

    private func edit(_ change: (inout [String]) throws -> Void) throws {
        try DatabaseFile.replace(path) { text in
            var lines = ColonSeparatedLines.lines(of: text ?? "").map(String.init)
            try change(&lines)
            return lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n"
        }
    }

    private static func index(of address: EmailAddress, in lines: [String]) -> Int? {
        let wanted = address.canonical
        return lines.firstIndex { PasswdFileEntry(line: $0[...])?.address?.canonical == wanted }
    }

    /// Refuses what would corrupt the file: `:` separates fields, a line break ends the line, and a leading
    /// `#` makes it a comment.
    private static func validate(_ address: EmailAddress) throws {
        let text = address.description
        let breaksFormat = text.contains(":") || text.hasPrefix("#")
            || text.unicodeScalars.contains { $0.properties.isWhitespace || $0.properties.generalCategory == .control }
        if breaksFormat {
            throw AccountsError(.invalidAddress, "invalid account address \"\(text)\": it must not contain ':', white space or control characters, nor start with '#'")
        }
    }

    private static func noSuchAccount(_ address: EmailAddress) -> AccountsError {
        AccountsError(.noSuchAccount, "no such account: \(address)")
    }
}
