import MailCore
import MailIndex
import MailStore

/// Folder commands (RFC 9051 §6.3): the folders on disk and in the index kept in step.
extension LocalFolderStore {
    public func folders() throws(FolderStoreError) -> [FolderInfo] {
        try locked { (states) throws(FolderStoreError) -> [FolderInfo] in try reconcile(&states) }
    }

    /// A new account: the INBOX (for Maildir++ the root Maildir; an mbox INBOX file appears with the
    /// first delivery) and the special-use folders of ``SpecialUseFolder/defaults``, subscribed, as
    /// Dovecot's `auto = subscribe` makes them.
    func createAccount(_ states: inout [String: FolderState]) throws(FolderStoreError) {
        if layout.format == .maildir {
            try mapped { () throws(MailStoreError) in try tree.create("INBOX") }
        }
        try refresh("INBOX", in: &states, force: true)
        try mapped { () throws(IndexError) in try index.setSubscribed(true, folder: "INBOX") }
        for folder in SpecialUseFolder.defaults {
            try mapped { () throws(MailStoreError) in try tree.create(folder.name) }
            if try mapped({ () throws(IndexError) in try index.head(of: folder.name) }) == nil {
                try mapped { () throws(IndexError) in try index.createFolder(folder.name, specialUse: folder.specialUse) }
            }
            try mapped { () throws(IndexError) in try index.setSubscribed(true, folder: folder.name) }
        }
    }

    /// The index's folders brought in line with the disk: a folder another tool made is added, one
    /// gone from disk is dropped; names that only hold folders are listed as not selectable.
    private func reconcile(_ states: inout [String: FolderState]) throws(FolderStoreError) -> [FolderInfo] {
        let onDisk = try mapped { () throws(MailStoreError) in try tree.folders() }
        let selectable = Set(onDisk.filter(\.selectable).map(\.name))
        for status in try mapped({ () throws(IndexError) in try index.folders() })
        where status.name != "INBOX" && !selectable.contains(status.name) {
            try mapped { () throws(IndexError) in try index.deleteFolder(status.name) }
            Self.forget(status.name, in: &states)
        }
        var known = Dictionary(try mapped { () throws(IndexError) in try index.folders() }.map { ($0.name, $0) }) { first, _ in first }
        for name in selectable where known[name] == nil {
            try refresh(name, in: &states, force: true)
            known[name] = try mapped { () throws(IndexError) in try index.status(of: name) }
        }
        if known["INBOX"] == nil {
            try refresh("INBOX", in: &states, force: true)
            known["INBOX"] = try mapped { () throws(IndexError) in try index.status(of: "INBOX") }
        }
        var result = known.values.map { FolderInfo(name: $0.name, specialUse: $0.specialUse, subscribed: $0.subscribed) }
        result += onDisk.filter { !$0.selectable && known[$0.name] == nil }.map { FolderInfo(name: $0.name, selectable: false) }
        return result.sorted { ($0.name == "INBOX" ? 0 : 1, $0.name) < ($1.name == "INBOX" ? 0 : 1, $1.name) }
    }

    public func createFolder(_ name: String, specialUse: String?) throws(FolderStoreError) {
        let name = canonicalFolderName(name)
        try locked { (states) throws(FolderStoreError) in
            _ = try files(name)
            guard name != "INBOX", try !exists(name) else { throw FolderStoreError(.alreadyExists, "folder \(name) exists") }
            try mapped { () throws(MailStoreError) in try tree.create(name) }
            try mapped { () throws(IndexError) in try index.createFolder(name, specialUse: specialUse) }
            Self.forget(name, in: &states)
        }
    }

    /// DELETE. INBOX cannot be deleted (`notAllowed`). Maildir++: the folder's own directory goes;
    /// folders below it are directories of their own and stay, so the name remains, without messages,
    /// as a `\Noselect` parent (RFC 9051 §6.3.5). mbox: the file goes; a directory holding folders
    /// cannot be deleted (`notAllowed`), an empty one can.
    public func deleteFolder(_ name: String) throws(FolderStoreError) {
        let name = canonicalFolderName(name)
        try locked { (states) throws(FolderStoreError) in
            guard name != "INBOX" else { throw FolderStoreError(.notAllowed, "INBOX cannot be deleted") }
            _ = try files(name)
            let onDisk = try mapped { () throws(MailStoreError) in try tree.folders() }
            let indexed = try mapped { () throws(IndexError) in try index.head(of: name) } != nil
            guard indexed || onDisk.contains(where: { $0.name == name }) else {
                throw FolderStoreError(.nonexistent, "no folder \(name)")
            }
            let hasChildren = onDisk.contains { $0.name.hasPrefix(name + "/") }
            if layout.format == .mbox, hasChildren {
                throw FolderStoreError(.notAllowed, "folder \(name) holds other folders")
            }
            if onDisk.contains(where: { $0.name == name && ($0.selectable || layout.format == .mbox) }) {
                try mapped { () throws(MailStoreError) in try tree.delete(name) }
            }
            if indexed {
                try mapped { () throws(IndexError) in try index.deleteFolder(name) }
            }
            states[name] = nil
        }
    }

    /// RENAME with the folders below it, UIDVALIDITY kept (RFC 9051 §6.3.6). Renaming INBOX makes the
    /// new folder and moves INBOX's messages into it, leaving INBOX empty.
    public func renameFolder(_ name: String, to newName: String) throws(FolderStoreError) {
        let name = canonicalFolderName(name)
        let newName = canonicalFolderName(newName)
        try locked { (states) throws(FolderStoreError) in
            _ = try files(name)
            _ = try files(newName)
            guard newName != "INBOX", try !exists(newName) else { throw FolderStoreError(.alreadyExists, "folder \(newName) exists") }
            guard try exists(name) else {
                // A name that only holds folders (`\Noselect`): its children move (RFC 9051 §6.3.6).
                let onDisk = try mapped { () throws(MailStoreError) in try tree.folders() }
                guard onDisk.contains(where: { $0.name.hasPrefix(name + "/") }) else {
                    throw FolderStoreError(.nonexistent, "no folder \(name)")
                }
                try mapped { () throws(MailStoreError) in try tree.rename(name, to: newName) }
                try mapped { () throws(IndexError) in try index.renameFolder(name, to: newName) }
                Self.forget(name, in: &states)
                return
            }
            try refresh(name, in: &states)
            if name == "INBOX" {
                try mapped { () throws(MailStoreError) in try tree.create(newName) }
                try mapped { () throws(IndexError) in try index.createFolder(newName, specialUse: nil) }
                let uids = try mapped { () throws(IndexError) in try index.messages(in: name, changedSince: 0) }.map(\.uid)
                let copied = try copyLocked(uids, from: name, to: newName, states: &states)
                try expungeLocked(copied.pairs.map(\.source), from: name, states: &states)
                return
            }
            try mapped { () throws(MailStoreError) in try tree.rename(name, to: newName) }
            try mapped { () throws(IndexError) in try index.renameFolder(name, to: newName) }
            Self.forget(name, in: &states)
        }
    }

    /// SUBSCRIBE and UNSUBSCRIBE. The subscription is kept with the folder in the index, so only an
    /// existing folder can be subscribed (RFC 9051 §6.3.7 lets a server check that it exists).
    public func setSubscribed(_ subscribed: Bool, folder: String) throws(FolderStoreError) {
        try locked { (states) throws(FolderStoreError) in
            if try mapped({ () throws(IndexError) in try index.head(of: folder) }) == nil {
                try refresh(folder, in: &states)
            }
            try mapped { () throws(IndexError) in try index.setSubscribed(subscribed, folder: folder) }
        }
    }

    public func status(of folder: String) throws(FolderStoreError) -> FolderCounters {
        try locked { (states) throws(FolderStoreError) -> FolderCounters in
            try refresh(folder, in: &states)
            guard let status = try mapped({ () throws(IndexError) in try index.status(of: folder) }) else {
                throw FolderStoreError(.nonexistent, "no folder \(canonicalFolderName(folder))")
            }
            let messages = try mapped { () throws(IndexError) in try index.messages(in: folder, changedSince: 0) }
            return FolderCounters(
                messages: messages.count, unseen: messages.count { !$0.flags.system.contains(.seen) },
                deleted: messages.count { $0.flags.system.contains(.deleted) },
                size: messages.reduce(0) { $0.addingReportingOverflow($1.size).overflow ? .max : $0 + $1.size },
                uidNext: status.uidNext, uidValidity: status.uidValidity, highestModSeq: status.highestModSeq)
        }
    }
}
