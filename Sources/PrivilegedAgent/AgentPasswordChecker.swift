import Accounts
import MailCore

/// Password checks for system accounts by the ``PrivilegedAgent``, the one part of a server that
/// dropped root still able to read shadow(5). A lost agent answers "wrong password".
public struct AgentPasswordChecker: PasswordChecker {
    private let agent: PrivilegedAgent

    public init(agent: PrivilegedAgent) {
        self.agent = agent
    }

    public func check(_ password: String, for account: Account) -> Bool {
        agent.call(.verifyPassword(address: account.address.description, password: password)).0.verified
    }
}
