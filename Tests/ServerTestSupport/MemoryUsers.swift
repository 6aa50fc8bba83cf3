import Accounts
import MailCore

/// Accounts by canonical address, with real yescrypt hashes.
public struct MemoryUsers: UserDatabase {
    public let accounts: [EmailAddress: Account]

    public init(_ logins: [(String, String)]) {
        var accounts: [EmailAddress: Account] = [:]
        for (text, password) in logins {
            let address = EmailAddress(text)!
            accounts[address.canonical] = Account(name: text, address: address, home: "/nonexistent", uid: nil, gid: nil,
                                                  passwordHash: try! PasswordHash.make(password: password))
        }
        self.accounts = accounts
    }

    public func account(for address: EmailAddress) throws -> Account? { accounts[address.canonical] }
    public func allAccounts() throws -> [Account] { Array(accounts.values) }
}
