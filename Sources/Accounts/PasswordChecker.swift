/// Decides whether a password is an account's without the caller reading the hash: what a server that
/// dropped root needs for system accounts, whose hashes only root may read in shadow(5). mailroom's
/// privileged agent implements it.
public protocol PasswordChecker: Sendable {
    /// True when `password` is the password of `account` (as ``UserDatabase/accountWithoutPassword(for:)``
    /// found it). Blocks for as long as crypt(3) takes.
    func check(_ password: String, for account: Account) -> Bool
}
