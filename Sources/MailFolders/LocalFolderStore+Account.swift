import Glibc
import MailCore
import MailIndex
import MailStore

/// Building an account's store: where its index lives and how the server opens both.
extension LocalFolderStore {
    /// The longest index file name made: a little under `NAME_MAX` (255).
    static let fileNameLimit = 200

    /// `$dataDirectory/index/NAME.sqlite` for account `account` (the name as the user database holds
    /// it). No name is refused: bytes other than ASCII letters, digits, `@`, `+`, `-`, `_` and `.` (and
    /// a leading `.`) are written `%XX`, so two accounts never share a file and none leaves the
    /// directory; the empty name is `%`. A name that would be longer than ``fileNameLimit`` is cut and
    /// followed by a digest of the whole (FNV-1a-64) to stay unique.
    public static func indexPath(dataDirectory: String, account: String) -> String {
        var name = ""
        for (offset, byte) in account.utf8.enumerated() {
            let plain = (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || "@+-_".utf8.contains(byte)
                || (byte == UInt8(ascii: ".") && offset > 0)
            if plain {
                name.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                name += "%" + byte.upperHex
            }
        }
        if name.isEmpty { name = "%" }
        if name.utf8.count > fileNameLimit {
            var digest: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in account.utf8 { digest = (digest ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
            name = String(name.utf8.prefix(fileNameLimit - 17))! + "~" + String(digest, radix: 16)
        }
        return dataDirectory + "/index/" + name + ".sqlite"
    }

    /// The store of one account: its layout from `mail_location` and its index at
    /// ``indexPath(dataDirectory:account:)``, the `index` directory made (mode 0700, the server's own,
    /// outside every user's reach) when missing.
    /// - Throws: ``FolderStoreError/Code/invalidName`` when `mail_location` does not give this account
    ///   a usable path; ``FolderStoreError/Code/failed`` when the index cannot be opened.
    public static func open(account name: String, address: EmailAddress, home: String, owner: MailboxOwner?,
                            mailLocation: MailLocation, dataDirectory: String,
                            configuration: MailboxDeliveryAgent.Configuration = .init()) throws(FolderStoreError) -> LocalFolderStore {
        let layout = try mapped { () throws(MailStoreError) in
            try FolderLayout(of: mailLocation, name: name, address: address, home: home, owner: owner)
        }
        let directory = dataDirectory + "/index"
        if mkdir(directory, 0o700) != 0, errno != EEXIST {
            throw FolderStoreError(.failed, "cannot create \(directory): \(String(cString: strerror(errno)))")
        }
        let index = try mapped { () throws(IndexError) in
            try SQLiteMailIndex(path: indexPath(dataDirectory: dataDirectory, account: name))
        }
        return LocalFolderStore(layout: layout, index: index, configuration: configuration)
    }
}
