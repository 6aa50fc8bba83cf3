import IMAPMailbox
import MailFolders

/// The folder a session has selected: its name, whether it is read-only (EXAMINE), the session's view
/// of its messages, and the MODSEQ up to which the session has asked the store for changes.
struct SelectedFolder {
    var name: String
    var readOnly: Bool
    var messages: SelectedMessages
    /// The folder's HIGHESTMODSEQ when the session last looked; own changes do not move it, so a
    /// change by another session with a lower MODSEQ is never skipped.
    var syncedModSeq: UInt64
}

/// Changes to a folder read ahead by a command's last trip to the thread pool: valid for that folder
/// and starting point only.
struct LookedAhead {
    var folder: String
    var since: UInt64
    var changes: FolderChanges
}
