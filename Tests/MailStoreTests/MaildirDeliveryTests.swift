import MailCore
import Foundation
import Glibc
import MailroomConfig
import Synchronization
import Testing
@testable import MailStore

@Suite("Maildir delivery (https://cr.yp.to/proto/maildir.html)")
struct MaildirDeliveryTests {
    static let message = bytes("Return-Path: <a@example.test>\r\nSubject: hi\r\n\r\nFrom me\r\nline\n")

    @Test("the message lands in new/ with LF line ends as Postfix and Dovecot write it, named SECONDS.M<usec>P<pid>Q<n>.HOST,S=,W=")
    func landsInNew() async throws {
        try await withTemporaryDirectory { directory in
            let box = MailboxLocation(format: .maildir, path: "\(directory)/Maildir")
            let receipt = try deliver(Self.message, to: box)
            let names = entries("\(box.path)/new")
            try #require(names.count == 1)
            let name = names[0]
            #expect(receipt.path == "\(box.path)/new/\(name)")
            #expect(receipt.size == Int64(lf(Self.message).count))
            #expect(contents(receipt.path) == lf(Self.message))
            let pattern = #/^\d+\.M\d+P\d+Q\d+\.mx\.example\.test,S=(\d+),W=(\d+)$/#
            let match = try #require(name.wholeMatch(of: pattern))
            #expect(Int(match.1) == lf(Self.message).count, "S= is the file's size")
            #expect(Int(match.2) == Self.message.count + 1, "W= the size with CRLF line ends (one bare LF counts as CRLF)")
            #expect(entries("\(box.path)/tmp").isEmpty)
            #expect(entries("\(box.path)/cur").isEmpty)
        }
    }

    @Test("a delivery ID in the name is found in new/ and, after a reader moved it, in cur/")
    func deliveryID() async throws {
        try await withTemporaryDirectory { directory in
            let agent = testAgent()
            let box = MailboxLocation(format: .maildir, path: "\(directory)/Maildir")
            #expect(try !agent.contains(deliveryID: "ABC123_0", in: box))
            let receipt = try agent.deliver(to: box, envelopeSender: "a@example.test", deliveryID: "ABC123_0") { writer in
                try writer.write(Self.message)
            }
            #expect(receipt.path.contains("IABC123_0.mx.example.test,S="))
            #expect(try agent.contains(deliveryID: "ABC123_0", in: box))
            #expect(try !agent.contains(deliveryID: "ABC123_1", in: box))
            let name = String(receipt.path.split(separator: "/").last!)
            #expect(rename(receipt.path, "\(box.path)/cur/\(name):2,S") == 0)
            #expect(try agent.contains(deliveryID: "ABC123_0", in: box))
            let mbox = MailboxLocation(format: .mbox, path: "\(directory)/mbox")
            #expect(try !agent.contains(deliveryID: "ABC123_0", in: mbox), "mbox has no place for the ID")
        }
    }

    @Test("cur/ new/ tmp/ are created 0700 on first delivery, the message file 0600")
    func modes() async throws {
        try await withTemporaryDirectory { directory in
            let box = MailboxLocation(format: .maildir, path: "\(directory)/home/alice/Maildir")
            let receipt = try deliver(Self.message, to: box)
            for path in [box.path, "\(box.path)/cur", "\(box.path)/new", "\(box.path)/tmp"] {
                #expect(fileMode(path) == 0o700, "\(path)")
            }
            #expect(fileMode(receipt.path) == 0o600)
        }
    }

    @Test("a producer failing midway leaves tmp/ and new/ empty and its error is rethrown")
    func failingProducer() async throws {
        try await withTemporaryDirectory { directory in
            let box = MailboxLocation(format: .maildir, path: "\(directory)/Maildir")
            let big = [UInt8](repeating: UInt8(ascii: "x"), count: 200_000)
            #expect(throws: SourceFailed.self) {
                try testAgent().deliver(to: box, envelopeSender: "") { writer in
                    try writer.write(big)
                    throw SourceFailed()
                }
            }
            #expect(entries("\(box.path)/tmp").isEmpty)
            #expect(entries("\(box.path)/new").isEmpty)
            // The Maildir still works afterwards.
            try deliver(Self.message, to: box)
            #expect(entries("\(box.path)/new").count == 1)
        }
    }

    @Test("1000 concurrent deliveries from 8 threads get 1000 distinct names and intact files")
    func concurrentDeliveriesNeverCollide() async throws {
        try await withTemporaryDirectory { directory in
            let box = MailboxLocation(format: .maildir, path: "\(directory)/Maildir")
            let agent = testAgent()
            let receipts = try await withThrowingTaskGroup(of: [DeliveryReceipt].self) { group in
                for thread in 0..<8 {
                    group.addTask {
                        try await onThread {
                            try (0..<125).map { index in
                                try deliver(bytes("Subject: \(thread)-\(index)\n\nbody\n"), to: box, agent: agent)
                            }
                        }
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            #expect(Set(receipts.map(\.path)).count == 1000)
            let names = entries("\(box.path)/new")
            #expect(names.count == 1000)
            #expect(entries("\(box.path)/tmp").isEmpty)
            var subjects = Set<String>()
            for name in names {
                let text = String(decoding: contents("\(box.path)/new/\(name)"), as: UTF8.self)
                subjects.insert(String(text.prefix { $0 != "\n" }))
            }
            #expect(subjects.count == 1000)
        }
    }

    @Test("chunks through the Sequence convenience and through the writer give the same file")
    func writerShapes() async throws {
        try await withTemporaryDirectory { directory in
            let box = MailboxLocation(format: .maildir, path: "\(directory)/Maildir")
            let receipt = try testAgent().deliver(to: box, envelopeSender: "a@example.test") { writer in
                try writer.write("Delivered-To: b@example.test\r\n")
                try writer.write(Self.message[...])
            }
            #expect(contents(receipt.path) == lf(bytes("Delivered-To: b@example.test\r\n") + Self.message))
        }
    }

    @Test("a Maildir path below a regular file fails temporarily, naming the path")
    func uncreatableRoot() async {
        await withTemporaryDirectory { directory in
            write(bytes("not a directory"), to: "\(directory)/file")
            let box = MailboxLocation(format: .maildir, path: "\(directory)/file/Maildir")
            #expect {
                try deliver(Self.message, to: box)
            } throws: { error in
                guard let error = error as? MailStoreError else { return false }
                return error.isTemporary && error.enhancedStatusCode == "4.2.0"
                    && error.description.contains("\(directory)/file")
            }
        }
    }

    @Test("host names encode / and : (and ,) as \\057 \\072 \\054")
    func hostNameEncoding() {
        #expect(MaildirUniqueName.encode(hostName: "a/b:c,d.example") == "a\\057b\\072c\\054d.example")
        let name = MaildirUniqueName.make(hostName: "x:y")
        #expect(name.hasSuffix(".x\\072y"))
    }

    @Test("the W= size counts a CRLF split across chunks once")
    func virtualSizeAcrossChunks() {
        var counter = VirtualSizeCounter()
        for chunk in [bytes("a\r"), bytes("\nb\n"), bytes("\n")] {
            chunk.withUnsafeBytes { counter.add($0) }
        }
        #expect(counter.size == 8)  // "a\r\nb\r\n\r\n"
    }
}
