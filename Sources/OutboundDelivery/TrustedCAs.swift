import Foundation
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
    /// The CAs of `file` and `directory` together; `nil` when both are empty (the system's CAs).
    ///
    /// Every regular file in `directory` that holds PEM certificates is read, so OpenSSL's hashed
    /// names (`c_rehash`) and plain `NAME.pem` files both work; other files are skipped. A file or a
    /// directory that gives no certificate is an error rather than a store that trusts nothing.
    public static func load(file: String, directory: String) throws(TrustedCAError) -> CertificateStore? {
        guard !file.isEmpty || !directory.isEmpty else { return nil }
        var certificates: Set<Certificate> = []
        if !file.isEmpty {
            let found = try certificatesInFile(file)
            guard !found.isEmpty else { throw TrustedCAError(setting: "smtp_tls_CAfile", path: file, reason: "no PEM certificate in the file") }
            certificates.formUnion(found)
        }
        if !directory.isEmpty {
            let found = try certificatesInDirectory(directory)
            guard !found.isEmpty else {
                throw TrustedCAError(setting: "smtp_tls_CApath", path: directory, reason: "no PEM certificate in the directory")
            }
            certificates.formUnion(found)
        }
        return CertificateStore(certificates)
    }

    private static func certificatesInFile(_ path: String) throws(TrustedCAError) -> [Certificate] {
        do {
            return try pemCertificates(path)
        } catch {
            throw TrustedCAError(setting: "smtp_tls_CAfile", path: path, reason: "\(error)")
        }
    }

    private static func certificatesInDirectory(_ path: String) throws(TrustedCAError) -> [Certificate] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: path).sorted()
        } catch {
            throw TrustedCAError(setting: "smtp_tls_CApath", path: path, reason: "cannot list the directory (\(error.localizedDescription))")
        }
        var certificates: [Certificate] = []
        for name in names where !name.hasPrefix(".") {
            let entry = path + "/" + name
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: entry, isDirectory: &isDirectory), !isDirectory.boolValue,
                  let parsed = try? pemCertificates(entry)
            else { continue }
            certificates += parsed
        }
        return certificates
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
