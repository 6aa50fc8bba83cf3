import MailFolders
import MailIndex

/// An account's folder names as a hierarchy (RFC 9051 §5.1.1, `/` between levels): which names are folders,
/// which are only levels above folders, which have children, and which lead to subscribed or special-use
/// names (RFC 5258 §3.5 RECURSIVEMATCH).
struct FolderTree {
    /// Folders by name.
    let folders: [String: FolderInfo]
    /// Folder names in the store's order (INBOX first).
    let order: [String]
    /// Every subscribed name: folders marked subscribed and the subscriptions given.
    let subscribed: Set<String>
    /// Names above folders that are not folders themselves.
    private let levels: Set<String>
    /// Names with at least one folder below them.
    private let parents: Set<String>
    private let subscribedAncestors: Set<String>
    private let specialUseAncestors: Set<String>

    init(folders list: [FolderInfo], subscriptions: [String]) {
        var folders: [String: FolderInfo] = [:]
        var order: [String] = []
        for folder in list {
            let name = canonicalFolderName(folder.name)
            guard folders[name] == nil else { continue }
            folders[name] = folder
            order.append(name)
        }
        var subscribed = Set(subscriptions.map(canonicalFolderName))
        for (name, folder) in folders where folder.subscribed { subscribed.insert(name) }
        let parents = Set(order.flatMap(Self.ancestors))
        self.folders = folders
        self.order = order
        self.subscribed = subscribed
        self.parents = parents
        levels = parents.filter { folders[$0] == nil }
        subscribedAncestors = Set(subscribed.flatMap(Self.ancestors))
        specialUseAncestors = Set(order.filter { folders[$0]?.specialUse != nil }.flatMap(Self.ancestors))
    }

    /// The names LIST looks at, in order: each folder after the levels above it not yet given, then (with
    /// `includingSubscriptions`) the subscribed names that are not folders, sorted, after the names above them.
    func names(includingSubscriptions: Bool) -> [String] {
        var seen = Set<String>()
        var names: [String] = []
        func add(_ name: String) {
            for ancestor in Self.ancestors(of: name) + [name] where seen.insert(ancestor).inserted {
                names.append(ancestor)
            }
        }
        order.forEach(add)
        if includingSubscriptions { subscribed.sorted().forEach(add) }
        return names
    }

    /// True for a name above folders that is not a folder.
    func isLevel(_ name: String) -> Bool { levels.contains(name) }

    /// True when folders exist below `name` (RFC 3348 §3 `\HasChildren`).
    func hasChildren(_ name: String) -> Bool { parents.contains(name) }

    func hasSubscribedDescendant(_ name: String) -> Bool { subscribedAncestors.contains(name) }

    func hasSpecialUseDescendant(_ name: String) -> Bool { specialUseAncestors.contains(name) }

    /// The folders below `name`.
    func descendants(of name: String) -> [String] {
        let prefix = name + "/"
        return order.filter { $0.hasPrefix(prefix) }
    }

    /// `a`, `a/b` for `a/b/c`: the names above `name`, outermost first.
    static func ancestors(of name: String) -> [String] {
        var ancestors: [String] = []
        var index = name.startIndex
        while let slash = name[index...].firstIndex(of: "/") {
            if slash > name.startIndex { ancestors.append(String(name[..<slash])) }
            index = name.index(after: slash)
        }
        return ancestors
    }
}
