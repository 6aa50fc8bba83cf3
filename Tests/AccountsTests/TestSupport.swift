import Foundation
import Glibc

/// Hashes of `correct horse` made by other tools (openssl passwd, mkpasswd from Debian's whois package),
/// so the tests check interoperability rather than our own output.
enum Fixture {
    static let password = "correct horse"
    static let yescrypt = "$y$j9T$poUow/7KBjNrYuPk4Rj89.$uz6j87Hc6H1tdLhCrQp5wneYnCwEKkhs.EVPLt4Ybd4"  // mkpasswd -m yescrypt
    static let sha512 = "$6$saltsalt6$ByHE8QZxAEbmZRFeb86ymrRhCmpo94b4d5vvatDR0GUDE2eBVfViS/JPbve/bTVM9MqFZZRL/3wjTb1auVHwo1"  // openssl passwd -6
    static let sha512Mkpasswd = "$6$saltysalt$MBKRieRS9MsDjiJXk44MZ3c9IYPXTEdG44eMlXoU5iFUg.2Ccg7cODUHY5Zl2Oerc1iEpm74LEizgaAlmBknq1"  // mkpasswd -m sha-512
    static let sha256 = "$5$saltsalt5$Lb56Jf/nbGbvcadD3lbFraJzLS8BII8q6Cd8h8sPkp8"  // openssl passwd -5
    static let bcrypt = "$2b$05$NGsIKb833X1XDKEv2YmJXuSf4LavqkRctXyTKqyvq1C8Gwcuv4beK"  // mkpasswd -m bcrypt
    static let md5 = "$1$salt1$YPew8IISH.Luu9/zOnwYa."  // openssl passwd -1
}

/// A fresh directory under the system temporary directory, removed when the test is done with it.
final class TemporaryDirectory {
    let path: String

    init() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("accounts-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        path = base.path
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Writes `text` to `name` inside the directory and returns its path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let file = "\(path)/\(name)"
        try text.write(toFile: file, atomically: false, encoding: .utf8)
        return file
    }

    func read(_ name: String) throws -> String {
        try String(contentsOfFile: "\(path)/\(name)", encoding: .utf8)
    }

    /// The permission bits of `name`.
    func mode(_ name: String) -> mode_t {
        var status = stat()
        guard stat("\(path)/\(name)", &status) == 0 else { return 0 }
        return status.st_mode & 0o7777
    }
}
