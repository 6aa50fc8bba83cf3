import MailCore

/// A home directory pattern with Dovecot's variables (https://doc.dovecot.org/ "Variables"):
/// `%u` the user name, `%n` the local part, `%d` the domain, `%%` a percent sign.
///
/// The home of a passwd-file account whose home field is empty comes from here; mailroom's default is
/// `$data_directory/mail/%d/%n`.
public struct HomeTemplate: Sendable, CustomStringConvertible {
    /// The pattern, as written.
    public let template: String

    public init(_ template: String) {
        self.template = template
    }

    /// `dataDirectory/mail/%d/%n`: the home of a virtual user, as the `data_directory` setting documents.
    public static func virtualMail(dataDirectory: String) -> HomeTemplate {
        let base = dataDirectory.hasSuffix("/") ? String(dataDirectory.dropLast()) : dataDirectory
        return HomeTemplate("\(base)/mail/%d/%n")
    }

    /// The pattern with the account's values put in; an unknown `%x` is kept as written.
    public func expand(name: String, address: EmailAddress) -> String {
        var result = ""
        var characters = template.makeIterator()
        while let character = characters.next() {
            guard character == "%" else {
                result.append(character)
                continue
            }
            switch characters.next() {
            case "u": result += name
            case "n": result += address.localPart
            case "d": result += address.domain
            case "%": result += "%"
            case let other?: result += "%\(other)"
            case nil: result += "%"
            }
        }
        return result
    }

    public var description: String { template }
}
