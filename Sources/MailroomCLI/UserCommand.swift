import Accounts
import ArgumentParser
import MailCore
import MailroomApp
import MailroomConfig

/// `mailroom user`: account management for `user_database = passwd-file:PATH`.
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: "Manage mail accounts (add, passwd, del, list).",
        subcommands: [Add.self, Passwd.self, Del.self, List.self]
    )

    /// `mailroom user add ADDRESS`.
    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a mail account.")
        @OptionGroup var arguments: AccountWithPassword

        func run() async throws {
            let (database, address, password) = try arguments.resolve()
            try database.add(address, password: password)
        }
    }

    /// `mailroom user passwd ADDRESS`.
    struct Passwd: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Change an account's password.")
        @OptionGroup var arguments: AccountWithPassword

        func run() async throws {
            let (database, address, password) = try arguments.resolve()
            try database.setPassword(password, for: address)
        }
    }

    /// `mailroom user del ADDRESS`.
    struct Del: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete an account (its mail stays on disk).")
        @OptionGroup var options: ConfigOption
        @Argument(help: "The account's address.") var address: String

        func run() async throws {
            let accounts = try AccountStore(options)
            try accounts.database().delete(try accounts.address(address))
        }
    }

    /// `mailroom user list`.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the accounts, one address a line.")
        @OptionGroup var options: ConfigOption

        func run() async throws {
            let accounts = try AccountStore(options)
            for account in try accounts.readOnlyDatabase().allAccounts() {
                Terminal.printLine(account.address.description)
            }
        }
    }
}

/// The arguments of `user add` and `user passwd`: an address and where its password comes from.
struct AccountWithPassword: ParsableArguments {
    @OptionGroup var options: ConfigOption
    @Argument(help: "The account's address; a bare name means NAME@$mydomain.") var address: String
    @Flag(help: "Read the password as one line from stdin instead of asking on the terminal.")
    var passwordStdin = false

    /// The database to change, the account's address, and the new password.
    func resolve() throws -> (PasswdFileDatabase, EmailAddress, String) {
        let accounts = try AccountStore(options)
        let address = try accounts.address(address)
        let database = try accounts.database()
        return (database, address, try PasswordInput.read(fromStdin: passwordStdin))
    }
}

/// The account database the configuration names, as the `user` commands use it.
private struct AccountStore {
    let settings: Settings

    init(_ options: ConfigOption) throws {
        settings = try options.load().settings
    }

    /// The address for a login: a bare name means `name@$mydomain` (interface.md, "Logins").
    func address(_ text: String) throws -> EmailAddress {
        guard let address = EmailAddress(login: text, defaultDomain: settings.mydomain) else {
            throw AppError("\(text): not a valid address")
        }
        return address
    }

    /// The passwd-file, with the data directory made first (accounts may be added before the first start).
    func database() throws -> PasswdFileDatabase {
        guard case .passwdFile(let path) = settings.userDatabase else {
            throw AppError("user_database = system: accounts are the host's; use useradd(8) and passwd(1)")
        }
        try DataDirectory.prepare(settings.dataDirectory)
        return PasswdFileDatabase(path: path, dataDirectory: settings.dataDirectory)
    }

    /// The configured database, for reading only.
    func readOnlyDatabase() -> any UserDatabase {
        switch settings.userDatabase {
        case .passwdFile(let path): PasswdFileDatabase(path: path, dataDirectory: settings.dataDirectory)
        case .system: SystemUserDatabase(mailDomain: settings.mydomain)
        }
    }
}

/// Where a new password comes from: one line of stdin, or the terminal, asked twice.
private enum PasswordInput {
    static func read(fromStdin: Bool) throws -> String {
        if fromStdin {
            guard let line = Terminal.readLine(), !line.isEmpty else { throw AppError("no password on stdin") }
            return line
        }
        guard let first = Terminal.readPassword(prompt: "Password: ") else {
            throw AppError("no terminal to ask for a password; use --password-stdin")
        }
        guard Terminal.readPassword(prompt: "Retype password: ") == first else {
            throw AppError("the passwords differ")
        }
        guard !first.isEmpty else { throw AppError("empty password") }
        return first
    }
}
