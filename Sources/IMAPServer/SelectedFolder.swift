import IMAPMailbox
import MailFolders

/// The folder a session has selected: its name, whether it is read-only (EXAMINE) and the session's view
/// of its messages (whose `highestModSeq` is where the next look for changes starts).
struct SelectedFolder {
    var name: String
    var readOnly: Bool
    var messages: SelectedMessages
}

/// Changes to a folder read ahead by a command's last trip to the thread pool: valid for that folder
/// and starting point only.
struct LookedAhead {
    var folder: String
    var since: UInt64
    var changes: FolderChanges
}
