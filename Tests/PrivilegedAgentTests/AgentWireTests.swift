import Glibc
import MailStore
import Testing
@testable import PrivilegedAgent

@Suite("the agent's messages")
struct AgentWireTests {
    static let actor = FileSystemIdentity(uid: 1001, gid: 1001)
    static let requests: [AgentRequest] = [
        .checkPath(path: "/home/alice/Maildir", subdirectories: ["cur", "new", "tmp"], owner: 1001, actor: actor),
        .open(path: "/var/mail/alice", flags: O_RDWR | O_APPEND, mode: 0o600, actor: actor),
        .makeDirectory(path: "/home/alice/Maildir/tmp", mode: 0o700, actor: actor),
        .rename(source: "/home/alice/Maildir/tmp/1", target: "/home/alice/Maildir/new/1", actor: actor),
        .unlink(path: "/var/mail/alice.lock", actor: actor),
        .removeDirectory(path: "/home/alice/Maildir/.Old", actor: actor),
        .status(path: "/var/mail", followingLinks: true, actor: actor),
        .changeOwner(uid: 1001, gid: 8, actor: FileSystemIdentity(uid: 0, gid: 0)),
        .verifyPassword(address: "alice@example.test", password: "s3cr\u{E9}t"),
        .openChannel,
    ]

    @Test("every request survives encoding", arguments: requests)
    func requestRoundTrip(request: AgentRequest) throws {
        #expect(try AgentRequest(decoding: request.encoded) == request)
    }

    @Test("a cut request, one with bytes left over, or an unknown operation is refused", arguments: requests)
    func damagedRequests(request: AgentRequest) {
        let bytes = request.encoded
        for length in 0..<bytes.count {
            #expect(throws: AgentWireError.self) { try AgentRequest(decoding: Array(bytes.prefix(length))) }
        }
        #expect(throws: AgentWireError.self) { try AgentRequest(decoding: bytes + [0]) }
        #expect(throws: AgentWireError.self) { try AgentRequest(decoding: [0xEE] + bytes.dropFirst()) }
    }

    @Test("a request over the size limit is refused before it is parsed")
    func oversized() {
        #expect(throws: AgentWireError.self) { try AgentRequest(decoding: [UInt8](repeating: 1, count: AgentRequest.sizeLimit + 1)) }
    }

    @Test("a path check naming more subdirectories than a Maildir has is refused")
    func tooManySubdirectories() {
        let request = AgentRequest.checkPath(path: "/x", subdirectories: Array(repeating: "d", count: 9), owner: 1, actor: Self.actor)
        #expect(throws: AgentWireError.self) { try AgentRequest(decoding: request.encoded) }
    }

    @Test("replies survive encoding, stat(2) results included")
    func replyRoundTrip() throws {
        var info = stat()
        #expect(stat("/", &info) == 0)
        for reply in [AgentReply(), AgentReply(errorNumber: EPERM), AgentReply(refusal: "a link"),
                      AgentReply(status: info), AgentReply(verified: true)] {
            #expect(try AgentReply(decoding: reply.encoded) == reply)
        }
        let full = AgentReply(status: info).encoded
        #expect(throws: AgentWireError.self) { try AgentReply(decoding: Array(full.dropLast())) }
    }
}
