import MailCore
import Glibc
import MailroomConfig
import Testing
@testable import MailStore

@Suite("the maildrop lock (RFC 1939 §8)")
struct MaildropLockTests {
    @Test("a second holder is refused until the first releases", arguments: [MailLocation.Format.maildir, .mbox])
    func exclusive(format: MailLocation.Format) async throws {
        try await withTemporaryDirectory { directory in
            let box = MailboxLocation(format: format, path: "\(directory)/box")
            let first = try MaildropLock.acquire(box)
            #expect(throws: MailStoreError.self) { try MaildropLock.acquire(box) }
            do throws(MailStoreError) {
                _ = try MaildropLock.acquire(box)
                Issue.record("a second lock was granted")
            } catch {
                #expect(error.code == .mailboxInUse)
            }
            first.release()
            first.release()
            let second = try MaildropLock.acquire(box)
            second.release()
        }
    }

    @Test("mbox delivery goes on while a session holds the maildrop lock")
    func deliveryDuringSession() async throws {
        try await withTemporaryDirectory { directory in
            let box = MailboxLocation(format: .mbox, path: "\(directory)/inbox")
            let lock = try MaildropLock.acquire(box)
            defer { lock.release() }
            try deliver(message(1), to: box, agent: testAgent(lockTimeout: .milliseconds(200)))
            #expect(try listing(box).count == 1)
        }
    }
}
