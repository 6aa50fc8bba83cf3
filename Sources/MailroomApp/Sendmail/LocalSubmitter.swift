import Foundation
import MailRouting

/// The Unix user on the other end of the `public/sendmail` socket, as the kernel reported it
/// (`SO_PEERCRED`), and what that user may put on the envelope. Nothing the client says about itself
/// is believed: its sender comes from its uid.
struct LocalSubmitter: Sendable, Hashable {
    /// The peer's real uid.
    let uid: uid_t
    /// Its login name from the password database (`#UID` when it has none).
    let name: String
    /// Root or the data directory's owner: the users who could write the queue themselves, and who may
    /// therefore give any sender (`-f`), as Postfix trusts root and the mail system's owner.
    let isTrusted: Bool

    /// Why a sender was refused, as the reply's text.
    struct SenderRefusal: Error, Hashable {
        let text: String
    }

    /// The envelope sender: `name@myorigin` when the client asked for none; the one it asked for when
    /// the user is trusted, when it is that same address, or when the user's account owns it
    /// (``RecipientRouter/isSender(_:ownedBy:)``, the account being `name@mydomain`, as a bare login is).
    func envelopeSender(requested: String?, router: RecipientRouter, mydomain: String) throws(SenderRefusal) -> String {
        let own = router.qualify(sender: name)
        guard let requested else { return own }
        let qualified = router.qualify(sender: requested)
        if isTrusted || qualified.lowercased() == own.lowercased()
            || router.isSender(qualified, ownedBy: "\(name)@\(mydomain)") {
            return qualified
        }
        throw SenderRefusal(text: "<\(requested)>: Sender address rejected: not owned by user \(name)")
    }

    /// The submitter for a peer uid: its name from the password database, trusted when it is root or
    /// `trustedOwner`.
    static func peer(uid: uid_t, trustedOwner: uid_t) -> LocalSubmitter {
        LocalSubmitter(uid: uid, name: LocalUser.name(uid: uid) ?? "#\(uid)", isTrusted: uid == 0 || uid == trustedOwner)
    }
}
