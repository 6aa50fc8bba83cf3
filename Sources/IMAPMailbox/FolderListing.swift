import IMAPProtocol
import MailFolders

/// LIST and LSUB over an account's folders (RFC 9051 §6.3.9; LIST-EXTENDED RFC 5258; SPECIAL-USE RFC 6154;
/// CHILDREN RFC 3348; LSUB RFC 3501 §6.3.9). Names are Unicode (the encoder writes them as the session
/// requires), `/` the delimiter.
///
/// What a listed name carries:
/// - `\HasChildren` or `\HasNoChildren` always (RFC 3348 §4 lets the server send them unasked; RETURN
///   (CHILDREN) asks for them, RFC 5258 §4);
/// - `\Noselect` for a name that only holds folders below it; a level that is not a folder at all is
///   `\Noselect` in a basic LIST and `\NonExistent` in an extended one (RFC 5258 §3.4), and is listed only
///   when the pattern matches it but not the folder below (`%` at its level, RFC 9051 §6.3.9);
/// - `\Subscribed` with RETURN (SUBSCRIBED) or the SUBSCRIBED selection (RFC 5258 §3.1-§3.2);
/// - the folder's special use always (RFC 6154 §2 allows it without the SPECIAL-USE return option, which
///   requires it; Dovecot sends it in every LIST).
///
/// `subscriptions` are subscribed names that need not exist (RFC 9051 §6.3.7); folders marked subscribed
/// count too.
public enum FolderListing {
    /// The hierarchy delimiter of every name.
    public static let delimiter: Character = "/"

    /// The items of LIST, in the folders' order (a level that is no folder just before the first folder under
    /// it, subscribed names that are no folders last). An empty pattern gives the delimiter answer
    /// `(\Noselect) "/" ""` (§6.3.9). A reference or pattern that does not decode matches nothing.
    public static func list(_ command: ListCommand, folders: [FolderInfo], subscriptions: [String] = [],
                            utf8Names: Bool) -> [MailboxListItem] {
        guard let reference = try? command.reference.decoded(utf8Names: utf8Names) else { return [] }
        var items: [MailboxListItem] = []
        if command.patterns.contains(where: { $0.bytes.isEmpty }) {
            items.append(MailboxListItem(attributes: [.noSelect], delimiter: delimiter, name: ""))
        }
        let patterns = command.patterns.filter { !$0.bytes.isEmpty }.compactMap { name in
            (try? name.decoded(utf8Names: utf8Names)).map { ListPattern(reference: reference, pattern: $0) }
        }
        guard !patterns.isEmpty else { return items }
        let tree = FolderTree(folders: folders, subscriptions: subscriptions)
        let selectSubscribed = command.selectionOptions.contains(.subscribed)
        let selectSpecialUse = command.selectionOptions.contains(.specialUse)
        let recursive = command.selectionOptions.contains(.recursiveMatch)
        let returnSubscribed = selectSubscribed || command.returnOptions.contains(.subscribed)

        let candidates = tree.names(includingSubscriptions: selectSubscribed)
        for name in candidates where patterns.contains(where: { $0.matches(name) }) {
            let folder = tree.folders[name]
            let subscribed = tree.subscribed.contains(name)
            var childInfo: [ListCommand.SelectionOption] = []
            if selectSubscribed || selectSpecialUse {
                let meetsSubscribed = !selectSubscribed || subscribed
                let meetsSpecialUse = !selectSpecialUse || folder?.specialUse != nil
                if recursive {
                    if selectSubscribed, tree.hasSubscribedDescendant(name) { childInfo.append(.subscribed) }
                    if selectSpecialUse, tree.hasSpecialUseDescendant(name) { childInfo.append(.specialUse) }
                }
                guard (meetsSubscribed && meetsSpecialUse) || !childInfo.isEmpty else { continue }
            } else if folder == nil {
                // A level that is no folder: listed only where the pattern stops at it (§6.3.9).
                guard tree.isLevel(name), !tree.descendants(of: name).contains(where: { d in
                    patterns.contains { $0.matches(d) }
                }) else { continue }
            }
            var attributes: [MailboxAttribute] = []
            if let folder {
                if !folder.selectable { attributes.append(.noSelect) }
                attributes.append(tree.hasChildren(name) ? .hasChildren : .hasNoChildren)
            } else if command.isExtended || !tree.isLevel(name) {
                attributes.append(.nonExistent)
            } else {
                attributes += [.noSelect, .hasChildren]
            }
            if returnSubscribed, subscribed { attributes.append(.subscribed) }
            if let use = folder?.specialUse.map(specialUseAttribute) { attributes.append(use) }
            items.append(MailboxListItem(attributes: attributes, delimiter: delimiter, name: name,
                                         childInfo: childInfo.isEmpty ? nil : childInfo))
        }
        return items
    }

    /// The attributes of one folder as LIST shows them, for the `* LIST` an IMAP4rev2 SELECT includes
    /// (RFC 9051 §6.3.2): children, `\Noselect`, special use.
    public static func attributes(of name: String, in folders: [FolderInfo]) -> [MailboxAttribute] {
        let tree = FolderTree(folders: folders, subscriptions: [])
        guard let folder = tree.folders[name] else { return [] }
        var attributes: [MailboxAttribute] = folder.selectable ? [] : [.noSelect]
        attributes.append(tree.hasChildren(name) ? .hasChildren : .hasNoChildren)
        if let use = folder.specialUse.map(specialUseAttribute) { attributes.append(use) }
        return attributes
    }

    /// The STATUS attributes the driver must answer for `item` after writing it: those of RETURN (STATUS
    /// (...)) for a name that can be selected (RFC 5819 §2); nil otherwise.
    public static func statusRequest(_ command: ListCommand, for item: MailboxListItem) -> [StatusAttribute]? {
        guard !item.attributes.contains(.noSelect), !item.attributes.contains(.nonExistent), !item.name.isEmpty
        else { return nil }
        for option in command.returnOptions {
            if case .status(let attributes) = option { return attributes }
        }
        return nil
    }

    /// `\Sent` and the like (RFC 6154 §2), as the store keeps them, as attributes.
    static func specialUseAttribute(_ text: String) -> MailboxAttribute {
        let name = text.hasPrefix("\\") ? String(text.dropFirst()) : text
        let known: [MailboxAttribute] = [.all, .archive, .drafts, .flagged, .junk, .sent, .trash, .important]
        return known.first { $0.description.dropFirst().lowercased() == name.lowercased() } ?? .other(name)
    }
}
