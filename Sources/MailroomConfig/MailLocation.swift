import MailCore

/// Reading `mail_location`, and deriving it from Postfix's settings.
extension MailLocation {
    // mail-location = format ":" path *(":" key ["=" value])
    static func parse(_ text: String) throws(ValueError) -> MailLocation {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 2, let format = Format(rawValue: parts[0].lowercased()) else {
            throw ValueError(text, "is not maildir:PATH or mbox:PATH (mailroom stores mail only as maildir or mbox)")
        }
        guard !parts[1].isEmpty else { throw ValueError(text, "has no path after \"\(parts[0]):\"") }
        var location = MailLocation(format: format, root: parts[1])
        for option in parts.dropFirst(2) {
            let key = option.prefix { $0 != "=" }.uppercased()
            guard !key.isEmpty else { throw ValueError(text, "has an empty option") }
            let value = option.contains("=") ? String(option.drop { $0 != "=" }.dropFirst()) : ""
            if key == "INBOX" {
                guard !value.isEmpty else { throw ValueError(text, "has an empty INBOX= path") }
                location.inbox = value
            } else {
                location.options[key] = value
            }
        }
        return location
    }

    /// The location Postfix's local(8) delivers to (postconf(5)): `home_mailbox` in the home directory
    /// when set (a Maildir when it ends in `/`, else an mbox file), otherwise the user's file in
    /// `mail_spool_directory` (a Maildir under it when that ends in `/`). Folders of an mbox layout go
    /// to `~/mail`, as the classic guide's Dovecot keeps them.
    static func postfix(homeMailbox: String, spoolDirectory: String) -> MailLocation {
        if !homeMailbox.isEmpty {
            let name = homeMailbox.hasPrefix("/") ? String(homeMailbox.dropFirst()) : homeMailbox
            if name.hasSuffix("/") { return MailLocation(format: .maildir, root: "~/" + name.dropLast()) }
            return MailLocation(format: .mbox, root: "~/mail", inbox: "~/" + name)
        }
        if spoolDirectory.hasSuffix("/") { return MailLocation(format: .maildir, root: spoolDirectory + "%u") }
        return MailLocation(format: .mbox, root: "~/mail", inbox: spoolDirectory + "/%u")
    }
}
