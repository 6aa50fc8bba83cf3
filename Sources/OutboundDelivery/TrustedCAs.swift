import Foundation
import Glibc
import NIOSSL
import SwiftASN1
import X509

/// The CAs trusted under `verify` and `secure`: those of `smtp_tls_CAfile` (one PEM file) and of
/// `smtp_tls_CApath` (a directory of PEM files, such as Debian's `/etc/ssl/certs`), or the system's
/// when neither is set.
///
/// As with Postfix's `tls_append_default_CA = no` (its default since 2.8), naming either replaces
/// the system's CAs rather than adding to them: an operator who names the CAs means only those.
public enum TrustedCAs {
    /// What was read.
    public struct Loaded: Sendable {
        /// The CAs of the file and the directory together.
        public let store: CertificateStore
        /// Files of the directory that look like PEM certificates but could not be read as such.
        public let skipped: [String]
    }

    /// The CAs of `file` and `directory` together; `nil` when both are empty (the system's CAs).
    ///
    /// Every regular file of `directory` (symbolic links followed) that holds PEM certificates is
    /// read, whatever its name: OpenSSL's hashed names (`openssl rehash`) and `NAME.pem` files
    /// alike. A file or a directory that gives no certificate is an error rather than a store that
    /// trusts nothing.
    public static func load(file: String, directory: String) throws(TrustedCAError) -> Loaded? {
        guard !file.isEmpty || !directory.isEmpty else { return nil }
        var certificates: Set<Certificate> = []
        var skipped: [String] = []
        if !file.isEmpty {
            let found: [Certificate]
            do {
                found = try pemCertificates(file)
            } catch {
                throw TrustedCAError(setting: "smtp_tls_CAfile", path: file, reason: "\(error)")
            }
            guard !found.isEmpty else {
                throw TrustedCAError(setting: "smtp_tls_CAfile", path: file, reason: "no PEM certificate in the file")
            }
            certificates.formUnion(found)
        }
        if !directory.isEmpty {
            let (found, unreadable) = try certificatesInDirectory(directory)
            guard !found.isEmpty else {
                throw TrustedCAError(setting: "smtp_tls_CApath", path: directory,
                                     reason: "no PEM certificate in the directory")
            }
            certificates.formUnion(found)
            skipped = unreadable
        }
        return Loaded(store: CertificateStore(certificates), skipped: skipped)
    }

    private static func certificatesInDirectory(_ path: String) throws(TrustedCAError)
        -> (certificates: [Certificate], unreadable: [String])
    {
        guard let directory = opendir(path) else {
            // The system's reason ("No such file or directory"), which Foundation's errors hide.
            throw TrustedCAError(setting: "smtp_tls_CApath", path: path,
                                 reason: "cannot list the directory: \(String(cString: strerror(errno)))")
        }
        closedir(directory)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: path).sorted() else {
            throw TrustedCAError(setting: "smtp_tls_CApath", path: path, reason: "cannot list the directory")
        }
        var certificates: [Certificate] = []
        var unreadable: [String] = []
        for name in names where !name.hasPrefix(".") {
            let entry = path + "/" + name
            // Regular files only: a FIFO or a device would block the read.
            var status = stat()
            guard stat(entry, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { continue }
            if let parsed = try? pemCertificates(entry) {
                certificates += parsed
            } else if let text = FileManager.default.contents(atPath: entry),
                      text.range(of: Data("-----BEGIN CERTIFICATE-----".utf8)) != nil {
                unreadable.append(entry)
            }
        }
        return (certificates, unreadable)
    }

    private static func pemCertificates(_ path: String) throws -> [Certificate] {
        try NIOSSLCertificate.fromPEMFile(path).map { try Certificate(derEncoded: try $0.toDERBytes()) }
    }
}

/// A CA file or directory that could not be used, named by its setting.
public struct TrustedCAError: Error, CustomStringConvertible {
    /// `smtp_tls_CAfile` or `smtp_tls_CApath`.
    public let setting: String
    /// The file or directory.
    public let path: String
    /// What was wrong with it.
    public let reason: String

    public var description: String { "\(setting): \(path): \(reason)" }
}
