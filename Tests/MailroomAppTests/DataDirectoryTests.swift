import Foundation
import Testing

@testable import MailroomApp

@Suite("DataDirectory")
struct DataDirectoryTests {
    private func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "mailroom-app-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        return path
    }

    @Test("a missing data directory is made 0711 (traversable to public/, not listable), parents included")
    func creates() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let path = root + "/a/b/data"
        try DataDirectory.prepare(path)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o711)
        try DataDirectory.prepare(path)
    }

    @Test("the server opens public/ (0755) and makes an old 0700 data directory 0711")
    func publicDirectory() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        chmod(root, 0o700)
        try DataDirectory.preparePublic(root)
        try DataDirectory.preparePublic(root)
        let attributes = FileManager.default.attributesOfItem
        #expect(try attributes(root)[.posixPermissions] as? Int == 0o711)
        #expect(try attributes(DataDirectory.publicDirectory(root))[.posixPermissions] as? Int == 0o755)
        #expect(DataDirectory.sendmailSocketPath(root) == root + "/public/sendmail")
        #expect(DataDirectory.isWritableByCaller(root) && DataDirectory.isWritableByCaller(root + "/missing"))
    }

    @Test("a file in the way is one clear error naming the path")
    func notADirectory() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let path = root + "/data"
        _ = FileManager.default.createFile(atPath: path, contents: Data())
        #expect(throws: AppError.self) { try DataDirectory.prepare(path) }
        do {
            try DataDirectory.prepare(path + "/below")
            Issue.record("made a directory below a file")
        } catch {
            #expect(error.description.hasPrefix(path + "/below: cannot create data_directory"))
        }
    }
}
