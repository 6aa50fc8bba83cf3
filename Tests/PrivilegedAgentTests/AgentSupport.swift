import Accounts
import Foundation
import Glibc
import MailStore
import Synchronization
@testable import PrivilegedAgent

/// What an agent under test refused, in order.
final class Refusals: Sendable {
    private let reasons = Mutex<[String]>([])
    func record(_ reason: String) { reasons.withLock { $0.append(reason) } }
    var all: [String] { reasons.withLock { $0 } }
}

/// alice of these tests: a uid no account on the machine has, in the policy as a mail user.
let alice = FileSystemIdentity(uid: 4242, gid: 4243)
/// The test spool's group, as Debian's `mail`.
let spoolGroup: gid_t = 4300

/// An agent served by threads of this process over a real socket pair, with a policy whose spool is
/// `directory/spool` and whose only mail user is ``alice``.
func withAgent(in directory: String, accounts: SystemUserDatabase? = nil,
               _ body: (PrivilegedAgent, Refusals) throws -> Void) throws {
    let refusals = Refusals()
    let spool = directory + "/spool"
    let policy = AgentPolicy(
        spoolDirectories: [spool], firstValidUID: 1000, lastValidUID: nil, virtualOwner: nil,
        primaryGroup: { $0 == alice.uid ? alice.gid : nil }, spoolGroups: { [spoolGroup] })
    let server = AgentServer(policy: policy, accounts: accounts, onRefusal: refusals.record)
    let (mine, theirs) = try AgentChannel.pair()
    Thread.detachNewThread { server.serve(theirs) }
    try body(PrivilegedAgent(control: mine), refusals)
}

/// A fresh directory others may pass through, removed afterwards.
func withTemporaryDirectory(_ body: (String) throws -> Void) throws {
    var template = Array("/tmp/agent-test-XXXXXX".utf8CString)
    let path = template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)!) }
    defer { try? FileManager.default.removeItem(atPath: path) }
    chmod(path, 0o755)
    try body(path)
}

/// The owner and group of `path`, not following a link.
func ownership(_ path: String) -> (uid: uid_t, gid: gid_t)? {
    var info = stat()
    return lstat(path, &info) == 0 ? (info.st_uid, info.st_gid) : nil
}
