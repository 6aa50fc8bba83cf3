import Testing
@testable import PrivilegedAgent

@Suite("what the privileged agent agrees to do")
struct AgentPolicyTests {
    /// alice is 1001:1001, a system account 5:60, virtual mail 5000:5000, the spool's group 8 (mail).
    let policy = AgentPolicy(
        spoolDirectories: ["/var/mail", "/var/spool/mail"], firstValidUID: 1000, lastValidUID: 60000,
        virtualOwner: (5000, 5000),
        primaryGroup: { [1001: 1001, 5: 60, 60001: 60001][$0] },
        spoolGroups: { [8] })

    struct Case: CustomTestStringConvertible, Sendable {
        let uid: UInt32, gid: UInt32, path: String, allowed: Bool
        var testDescription: String { "\(uid):\(gid) \(path) \(allowed ? "allowed" : "refused")" }
    }

    static let cases: [Case] = [
        // A mail user in their own home, with their own group.
        Case(uid: 1001, gid: 1001, path: "/home/alice/Maildir/new/1", allowed: true),
        // ... but never with a group that is not theirs (shadow's, root's).
        Case(uid: 1001, gid: 42, path: "/home/alice/Maildir/new/1", allowed: false),
        Case(uid: 1001, gid: 0, path: "/home/alice/mail/inbox", allowed: false),
        // In the spool, with the spool's group, as Debian's /var/mail/USER is USER:mail.
        Case(uid: 1001, gid: 8, path: "/var/mail/alice", allowed: true),
        Case(uid: 1001, gid: 8, path: "/var/spool/mail/alice.lock", allowed: true),
        Case(uid: 1001, gid: 8, path: "/home/alice/mail/inbox", allowed: false),
        // Root only in the spool itself, and only one level deep.
        Case(uid: 0, gid: 0, path: "/var/mail/root", allowed: true),
        Case(uid: 0, gid: 0, path: "/var/mail", allowed: true),
        Case(uid: 0, gid: 0, path: "/var/mail/sub/file", allowed: false),
        Case(uid: 0, gid: 0, path: "/etc/shadow", allowed: false),
        Case(uid: 0, gid: 0, path: "/root/Maildir/new/1", allowed: false),
        // A system account gets its spool mbox, nothing else.
        Case(uid: 5, gid: 60, path: "/var/mail/games", allowed: true),
        Case(uid: 5, gid: 60, path: "/usr/games/file", allowed: false),
        // Above last_valid_uid, or with no account at all.
        Case(uid: 60001, gid: 60001, path: "/home/x/Maildir", allowed: false),
        Case(uid: 1500, gid: 1500, path: "/home/x/Maildir", allowed: false),
        // Virtual mail as virtual_uid:virtual_gid.
        Case(uid: 5000, gid: 5000, path: "/srv/mail/example.test/bob/cur/1", allowed: true),
        Case(uid: 5000, gid: 8, path: "/srv/mail/example.test/bob/cur/1", allowed: false),
        // Paths that would say one thing and mean another.
        Case(uid: 0, gid: 0, path: "/var/mail/../../etc/shadow", allowed: false),
        Case(uid: 0, gid: 0, path: "/var/mail/./root", allowed: false),
        Case(uid: 0, gid: 0, path: "/var/mail//root", allowed: false),
        Case(uid: 1001, gid: 1001, path: "relative/Maildir", allowed: false),
        Case(uid: 0, gid: 0, path: "/var/mail/root\u{0}/../../etc/passwd", allowed: false),
    ]

    @Test("actors and paths", arguments: cases)
    func decision(_ item: Case) {
        #expect((policy.refusal(uid: item.uid, gid: item.gid, path: item.path) == nil) == item.allowed)
    }
}
