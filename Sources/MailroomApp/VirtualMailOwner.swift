import Foundation
import MailStore
import MailroomConfig

/// The owner of virtual users' mail: `virtual_uid` and `virtual_gid`, each defaulting to the owner and
/// group of `data_directory`, where virtual homes live (`$data_directory/mail/%d/%n`). A mailroom run
/// as root with a root-owned data directory therefore keeps virtual mail as root's, as before; one run
/// as its own user keeps it as that user's. A `virtual_uid` other than the data directory's owner needs
/// the mail directories to be reachable by it, as Dovecot's `mail_uid` does.
enum VirtualMailOwner {
    static func resolve(_ settings: Settings) throws(AppError) -> MailboxOwner {
        let attributes: [FileAttributeKey: Any]
        do {
            attributes = try FileManager.default.attributesOfItem(atPath: settings.dataDirectory)
        } catch {
            throw AppError("\(settings.dataDirectory): cannot find the owner of data_directory: \(AppError.reason(error))")
        }
        let uid = (attributes[.ownerAccountID] as? NSNumber)?.uint32Value ?? geteuid()
        let gid = (attributes[.groupOwnerAccountID] as? NSNumber)?.uint32Value ?? getegid()
        return MailboxOwner(uid: settings.virtualUID ?? uid, gid: settings.virtualGID ?? gid)
    }
}
