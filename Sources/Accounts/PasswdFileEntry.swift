import MailCore

/// One account line of a Dovecot passwd-file (https://doc.dovecot.org/ "passwd-file"):
/// `user:password:uid:gid:gecos:home:shell:extra_fields`, where every field after the user may be empty
/// or missing. mailroom reads the user, password, uid, gid and home; gecos, shell and Dovecot's extra
/// fields are kept as written but not interpreted.
struct PasswdFileEntry: Sendable {
    private enum Field: Int {
        case user = 0, password, uid, gid, gecos, home, shell, extraFields
    }

    /// The fields as written, so a rewrite keeps what mailroom does not understand.
    private(set) var fields: [String]

    /// Parses a line; `nil` for comments and blank lines.
    init?(line: Substring) {
        guard let fields = ColonSeparatedLines.fields(of: line) else { return nil }
        self.fields = fields.map(String.init)
    }

    /// A new line in the form `mailroom user add` writes: `user:{CRYPT}hash::::::`, all eight fields present
    /// so other tools that count colons read it.
    init(user: String, password: PasswordHash) {
        fields = Array(repeating: "", count: Field.extraFields.rawValue + 1)
        fields[Field.user.rawValue] = user
        fields[Field.password.rawValue] = password.passwdFileField
    }

    var user: String { self[.user] }

    /// The user field as an address; `nil` for a bare name, which is not a mail account here.
    var address: EmailAddress? { EmailAddress(user) }

    var line: String { fields.joined(separator: ":") }

    /// Replaces the password, keeping every other field.
    mutating func setPassword(_ password: PasswordHash) {
        while fields.count <= Field.password.rawValue { fields.append("") }
        fields[Field.password.rawValue] = password.passwdFileField
    }

    /// The account, with `homeTemplate` filling an empty home field; `nil` when the user is not an address.
    func account(homeTemplate: HomeTemplate) -> Account? {
        guard let address else { return nil }
        let home = self[.home].isEmpty ? homeTemplate.expand(name: user, address: address) : self[.home]
        return Account(
            name: user, address: address, home: home,
            uid: UInt32(self[.uid]), gid: UInt32(self[.gid]),
            passwordHash: PasswordHash(passwdFileField: self[.password])
        )
    }

    private subscript(field: Field) -> String {
        field.rawValue < fields.count ? fields[field.rawValue] : ""
    }
}
