import MailroomConfig
import Synchronization

/// The file stamps the reloader's two tasks (signal and polling) share.
final class StampBox: Sendable {
    private let stamps: Mutex<[String: FileStamp?]>

    init(_ stamps: [String: FileStamp?]) {
        self.stamps = Mutex(stamps)
    }

    var value: [String: FileStamp?] {
        get { stamps.withLock { $0 } }
        set { stamps.withLock { $0 = newValue } }
    }
}
