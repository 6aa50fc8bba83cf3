import Accounts
import Foundation
import Glibc
import IMAPProtocol
import IMAPServer
import Logging
import MailCore
import MailFolders
import MailIndex
import MailStore
import NIOCore
import NIOPosix
import ServerKit
import ServerTestSupport
import ServiceLifecycle

/// An IMAP listener on 127.0.0.1:0 for the account `xiong@example.test` (password `pw`), whose
/// Maildir++ folders live in a fresh temporary directory, serving `body`, then shut down. `body` gets
/// the port, the store, and how to announce a change to a folder as the queue announces a delivery.
func withIMAPServer(
    settings: IMAPSettings = IMAPSettings(greeting: "test ready.", failedLoginDelay: .zero),
    _ body: (_ port: Int, _ store: any FolderStore, _ announce: @Sendable (String) -> Void) async throws -> Void
) async throws {
    var template = Array("/tmp/imapserver-test-XXXXXX".utf8CString)
    let directory = template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)!) }
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let root = directory + "/Maildir"
    let store = LocalFolderStore(layout: FolderLayout(root: root, inbox: MailboxLocation(format: .maildir, path: root)),
                                 index: try SQLiteMailIndex(path: directory + "/index.sqlite"))
    let hub = FolderChangeHub()
    let pool = NIOThreadPool(numberOfThreads: 2)
    pool.start()
    let users = MemoryUsers([("xiong@example.test", "pw")])
    let services = IMAPConnectionHandler.Services(
        authenticator: Authenticator(database: users, defaultDomain: "example.test"),
        plaintextLogins: PlaintextLoginPolicy(disablePlaintextAuth: false, trustedNetworks: []),
        mail: { _ in AccountMail(store: store, hubKey: root) }, hub: hub, settings: settings, threadPool: pool,
        logger: Logger(label: "test"))
    let listener = ListenerConfiguration(name: "imap", host: "127.0.0.1", port: 0, implicitTLS: false,
                                         maximumLineLength: 65_536)
    let server = try await Server.bind(listener, tls: nil, handler: IMAPConnectionHandler(services: services),
                                       logger: Logger(label: "test"))
    let group = ServiceGroup(services: [server], logger: Logger(label: "test"))
    try await withThrowingTaskGroup { tasks in
        tasks.addTask { try await group.run() }
        try await body(server.localAddress.port!, store) { folder in hub.post(account: root, folder: folder) }
        await group.triggerGracefulShutdown()
        try await tasks.waitForAll()
    }
    try await pool.shutdownGracefully()
}

extension TestClient {
    /// Connects, reads the greeting and logs in as xiong.
    static func loggedIn(port: Int) async throws -> TestClient {
        let client = try await TestClient.connect(port: port)
        _ = try await client.read(until: "\r\n")
        _ = try await client.imap("l1 LOGIN xiong@example.test pw")
        return client
    }

    /// Sends one tagged command and returns everything up to and including its tagged completion.
    func imap(_ line: String) async throws -> String {
        try await send(line + "\r\n")
        return try await completion(of: String(line.prefix { $0 != " " }))
    }

    /// Reads until the line tagged `tag` is complete.
    func completion(of tag: String) async throws -> String {
        var text = ""
        while !(text.hasPrefix(tag + " ") || text.contains("\r\n" + tag + " ")) || !text.hasSuffix("\r\n") {
            text += try await read(until: "\r\n")
        }
        return text
    }
}
