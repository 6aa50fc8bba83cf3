import Accounts
import MailQueue
import MailroomApp
import MailroomConfig
import ServerKit

/// An error from mailroom's own modules: its description is already the one line for stderr
/// (`FILE:LINE: message`, `cannot listen for smtp on …`), printed as it is.
protocol MailroomFailure: Error, CustomStringConvertible {}

extension ConfigError: MailroomFailure {}
extension AccountsError: MailroomFailure {}
extension AppError: MailroomFailure {}
extension ServerKitError: MailroomFailure {}
extension QueueError: MailroomFailure {}
