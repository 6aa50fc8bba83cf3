import MailCore

/// Dovecot's variables in a `mail_location` path (https://doc.dovecot.org/ "Variables"): `%u` the user
/// name, `%n` its local part, `%d` its domain, `%h` and a leading `~` the home directory, `%%` a percent
/// sign; the long forms `%{user}`, `%{username}`, `%{domain}`, `%{home}`; and the `L` / `U` modifiers
/// (`%Lu`, `%Ln`) that lower- or upper-case a value.
struct MailLocationTemplate {
    let name: String
    let address: EmailAddress
    let home: String

    func expand(_ template: String) throws(MailStoreError) -> String {
        var result = ""
        var rest = Substring(template)
        if rest == "~" || rest.hasPrefix("~/") {
            let home = try checkedHome(template)
            rest = rest.dropFirst()
            result = home == "/" && !rest.isEmpty ? "" : home
        }
        while let percent = rest.firstIndex(of: "%") {
            result += rest[..<percent]
            rest = rest[rest.index(after: percent)...]
            var modifier: Character?
            if let first = rest.first, first == "L" || first == "U" {
                modifier = first
                rest = rest.dropFirst()
            }
            let variable: Substring
            if rest.first == "{", let close = rest.firstIndex(of: "}") {
                variable = rest[rest.index(after: rest.startIndex)..<close]
                rest = rest[rest.index(after: close)...]
            } else if let first = rest.first {
                variable = rest[..<rest.index(after: rest.startIndex)]
                rest = rest.dropFirst()
                if first == "%" {
                    result += "%"
                    continue
                }
            } else {
                result += "%"
                break
            }
            guard var value = try self.value(of: variable, in: template) else {
                throw MailStoreError(.invalidLocation, path: template, reason: "unknown variable %\(variable)")
            }
            if modifier == "L" { value = value.lowercased() }
            if modifier == "U" { value = value.uppercased() }
            result += value
        }
        result += rest
        while result.count > 1, result.hasSuffix("/") {
            result.removeLast()
        }
        guard result.hasPrefix("/") else {
            throw MailStoreError(.invalidLocation, path: result.isEmpty ? template : result,
                                 reason: "mail_location \"\(template)\" is not an absolute path for \(name)")
        }
        return result
    }

    private func value(of variable: Substring, in template: String) throws(MailStoreError) -> String? {
        switch variable {
        case "u", "user": try component(name, in: template)
        case "n", "username": try component(address.localPart, in: template)
        case "d", "domain": try component(address.domain, in: template)
        case "h", "home": try checkedHome(template)
        default: nil
        }
    }

    /// A user-derived value must stay within one directory level, or an odd account name could write
    /// outside the mail tree.
    private func component(_ value: String, in template: String) throws(MailStoreError) -> String {
        guard !value.isEmpty, value != ".", value != "..", !value.contains("/"), !value.contains("\0") else {
            throw MailStoreError(.invalidLocation, path: template,
                                 reason: "account name \"\(value)\" cannot be used in a mailbox path")
        }
        return value
    }

    private func checkedHome(_ template: String) throws(MailStoreError) -> String {
        guard home.hasPrefix("/") else {
            throw MailStoreError(.invalidLocation, path: template,
                                 reason: "mail_location uses the home directory, but \(name) has no absolute home")
        }
        return home.count > 1 && home.hasSuffix("/") ? String(home.dropLast()) : home
    }
}
