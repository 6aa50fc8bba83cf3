import IMAPMailbox
import MailFolders

/// The folder a session has selected: its name, whether it is read-only (EXAMINE) and the session's view
/// of its messages (whose `highestModSeq` is where the next look for changes starts).
struct SelectedFolder {
    var name: String
    var readOnly: Bool
    var messages: SelectedMessages
    /// The session's last look for changes to the folder.
    var lastLook: FolderLook?
    /// Messages read ahead by a FETCH of one message, for the FETCHes that follow.
    var readAhead: FetchReadAhead?
}

/// When a session last looked for changes to its folder: the store's change generation taken before
/// the look (``FolderStore/changeGeneration``), and the time.
///
/// While the generation stands and the look is under ``freshFor`` old, a FETCH served from
/// ``FetchReadAhead`` ends without a look of its own, as a Dovecot FETCH ends with a "fast" sync of
/// its index only: mailroom's own changes (other sessions, deliveries) move the generation at once,
/// so they are reported at this command boundary as at every other; changes other programs make on
/// disk are reported within ``freshFor``, and at once by NOOP, IDLE and every other command.
struct FolderLook {
    var generation: UInt64
    var at: ContinuousClock.Instant

    static let freshFor: Duration = .seconds(1)

    func isFresh(generation current: UInt64, at now: ContinuousClock.Instant) -> Bool {
        generation == current && now - at < Self.freshFor
    }
}

/// The messages after the one a FETCH of one message's content asked for (in the session's order),
/// read in the same trip to the thread pool: clients that download bodies one command each, in
/// order (Thunderbird's offline sync, mutt opening messages), then take one trip per
/// ``count`` messages instead of one per message, as POP3's RETR does (``MessageReadAhead``).
///
/// A message's content never changes under its UID (RFC 9051 §2.3.1.1), and its flags only with
/// the store's change generation, so what was read stays exact while ``look`` is fresh; the session
/// drops it at any other command, IDLE included, and at the listener's first idle tick, so a
/// session that has gone quiet holds none of it.
struct FetchReadAhead {
    var look: FolderLook
    var structure: MessageLoader.StructurePart
    var messages: [UInt32: LoadedMessage]

    /// Messages read per trip, the one asked for included.
    static let count = 8
    /// And at most this many bytes of contents.
    static let bytes: Int64 = 256 << 10

    /// The message with `uid` when it was read with everything `plan` needs and is still exact.
    func message(_ uid: UInt32, for plan: FetchPlan, generation: UInt64, at now: ContinuousClock.Instant) -> LoadedMessage? {
        guard look.isFresh(generation: generation, at: now), structure == .whole || !plan.needsStructure else {
            return nil
        }
        return messages[uid]
    }
}

/// Changes to a folder read ahead by a command's last trip to the thread pool: valid for that folder
/// and starting point only.
struct LookedAhead {
    var folder: String
    var since: UInt64
    var changes: FolderChanges
}
