import MailFolders
import NIOCore
import ServerKit

/// What keeps a session in IDLE informed (RFC 2177 §3): the hub's signal for changes mailroom makes
/// itself (deliveries, other sessions), and a timer for changes other programs make on disk.
struct IdleWatch {
    let registration: FolderChangeHub.Registration
    let timer: RepeatedTask
}

extension IMAPSession {
    /// Starts listening for changes to the selected folder: each wakes the reader, which asks the
    /// store and pushes the updates.
    mutating func startIdleWatch() {
        guard let account, let folder = selected?.name else { return }
        let connection = connection
        let registration = services.hub.listen(account: account.mail.hubKey) { changed in
            if changed == folder { connection.wakeUp() }
        }
        idleWatch = IdleWatch(registration: registration, timer: connection.wakeUp(every: services.settings.idleCheckInterval))
    }

    mutating func stopIdleWatch() {
        guard let idleWatch else { return }
        services.hub.stopListening(idleWatch.registration)
        idleWatch.timer.cancel()
        self.idleWatch = nil
    }
}
