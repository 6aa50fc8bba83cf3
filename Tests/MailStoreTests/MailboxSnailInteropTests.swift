import MailCore
import Foundation
import Glibc
import MailroomConfig
import Testing
@testable import MailStore

/// `s-nail` on the PATH, for the interop check.
let sNail: String? = ProcessInfo.processInfo.environment["PATH"]?
    .split(separator: ":")
    .map { "\($0)/s-nail" }
    .first { FileManager.default.isExecutableFile(atPath: $0) }

@Suite("interop: message keys survive s-nail rewriting the mbox")
struct MailboxSnailInteropTests {
    @Test("s-nail reads message 1, deletes message 2 and quits; 1 and 3 keep their keys", .enabled(if: sNail != nil))
    func snailRewrite() async throws {
        try await withTemporaryDirectory { directory in
            let box = MailboxLocation(format: .mbox, path: "\(directory)/inbox")
            for number in 1...3 { try deliver(message(number, body: "From the start\r\n"), to: box) }
            let before = try listing(box)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: try #require(sNail))
            process.arguments = ["-:/", "-N", "-S", "hold", "-f", box.path]
            process.environment = ["HOME": directory, "MBOX": "\(directory)/mbox", "PATH": "/usr/bin:/bin"]
            let input = Pipe()
            process.standardInput = input
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            input.fileHandleForWriting.write(Data("type 1\ndelete 2\nquit\n".utf8))
            try input.fileHandleForWriting.close()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
            #expect(String(decoding: contents(box.path), as: UTF8.self).contains("Status: RO"))
            let after = try listing(box)
            #expect(after.map(\.key) == [before[0].key, before[2].key])
            let third = String(decoding: try readAll(box, after[1]), as: UTF8.self)
            #expect(third.hasPrefix("Subject: message 3\r\n") && third.contains("\r\nStatus: O\r\n"))
            #expect(third.hasSuffix("\r\n\r\nbody 3\r\nFrom the start\r\n"))
            #expect(Int64(third.utf8.count) == after[1].size)
        }
    }
}
