import Foundation
import Glibc
import SwiftASN1
import Testing
import X509

@testable import OutboundDelivery

@Suite("Trusted CAs (smtp_tls_CAfile, smtp_tls_CApath)")
struct TrustedCAsTests {
    let directory = NSTemporaryDirectory() + "mailroom-cas-\(UUID().uuidString)"
    let first: TestCertificates
    let second: TestCertificates

    init() throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        first = try TestCertificates(caName: "First CA")
        second = try TestCertificates(caName: "Second CA")
    }

    func write(_ text: String, to name: String) throws -> String {
        let path = directory + "/" + name
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        return path
    }

    func pem(_ pki: TestCertificates) throws -> String { try pki.ca.serializeAsPEM().pemString + "\n" }

    /// Whether a leaf for mx.example.org signed by `pki` is trusted under `verify` with `roots`.
    func trusts(_ roots: CertificateStore, leafOf pki: TestCertificates) async throws -> Bool {
        let leaf = try pki.leaf(["mx.example.org"])
        return await PeerCertificateCheck.verify([leaf.der], against: .pkix(roots: roots, names: [.host("mx.example.org")])) == .trusted
    }

    @Test("neither set: nil, which leaves the system's CAs")
    func neither() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(try TrustedCAs.load(file: "", directory: "") == nil)
    }

    @Test("a directory: every PEM file in it, hashed names (c_rehash symlinks) and NAME.pem alike; other files, subdirectories and a FIFO skipped, a damaged certificate named")
    func directoryOfCAs() async throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let cas = directory + "/certs"
        try FileManager.default.createDirectory(atPath: cas + "/nested", withIntermediateDirectories: true)
        try pem(first).write(toFile: cas + "/first.pem", atomically: false, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: cas + "/1a2b3c4d.0", withDestinationPath: "first.pem")
        try pem(second).write(toFile: cas + "/5e6f7a8b.0", atomically: false, encoding: .utf8)
        try "not a certificate\n".write(toFile: cas + "/README", atomically: false, encoding: .utf8)
        try "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n".write(toFile: cas + "/damaged.pem", atomically: false, encoding: .utf8)
        #expect(mkfifo(cas + "/pipe", 0o644) == 0, "a FIFO would block a read")
        let loaded = try #require(try TrustedCAs.load(file: "", directory: cas))
        let roots = loaded.store
        #expect(try await trusts(roots, leafOf: first))
        #expect(try await trusts(roots, leafOf: second))
        #expect(try await !trusts(roots, leafOf: TestCertificates(caName: "Stranger CA")))
        #expect(loaded.skipped == [cas + "/damaged.pem"])
    }

    @Test("a file and a directory: the CAs of both, and only those (tls_append_default_CA = no)")
    func fileAndDirectory() async throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let file = try write(try pem(first), to: "bundle.crt")
        let cas = directory + "/certs"
        try FileManager.default.createDirectory(atPath: cas, withIntermediateDirectories: true)
        try pem(second).write(toFile: cas + "/second.pem", atomically: false, encoding: .utf8)
        let both = try #require(try TrustedCAs.load(file: file, directory: cas)).store
        #expect(try await trusts(both, leafOf: first))
        #expect(try await trusts(both, leafOf: second))
        let fileOnly = try #require(try TrustedCAs.load(file: file, directory: "")).store
        #expect(try await trusts(fileOnly, leafOf: first))
        #expect(try await !trusts(fileOnly, leafOf: second))
    }

    @Test("a directory without certificates, a missing one and a file without any are errors naming the setting")
    func unusable() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        _ = try write("just text\n", to: "notes.txt")
        #expect { try TrustedCAs.load(file: "", directory: directory) } throws: { error in
            (error as? TrustedCAError)?.description == "smtp_tls_CApath: \(directory): no PEM certificate in the directory"
        }
        #expect { try TrustedCAs.load(file: "", directory: directory + "/missing") } throws: { error in
            (error as? TrustedCAError)?.description.hasPrefix("smtp_tls_CApath: \(directory)/missing: cannot list") == true
        }
        #expect { try TrustedCAs.load(file: directory + "/notes.txt", directory: "") } throws: { error in
            (error as? TrustedCAError)?.setting == "smtp_tls_CAfile"
        }
    }
}
