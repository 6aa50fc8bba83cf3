import IMAPProtocol
import MailIndex

extension MessageFlags {
    /// The flags as FETCH FLAGS writes them (RFC 9051 §2.3.2, §7.5.2): the system flags in the order of
    /// ``IMAPProtocol/Flag/system``, then the keywords sorted. No `\Recent`: mailroom keeps none.
    public var imapFlags: [Flag] {
        var flags: [Flag] = []
        for (bit, flag) in Self.systemFlags where system.contains(bit) { flags.append(flag) }
        return flags + keywords.sorted().map(Flag.keyword)
    }

    /// The flags a STORE or APPEND names (RFC 9051 §6.4.6, §6.3.12). `\Recent` and other `\`-flags cannot be
    /// set (§2.3.2) and are left out.
    public init(imapFlags: [Flag]) {
        var system: System = []
        var keywords: [String] = []
        for flag in imapFlags {
            switch flag {
            case .answered: system.insert(.answered)
            case .flagged: system.insert(.flagged)
            case .deleted: system.insert(.deleted)
            case .seen: system.insert(.seen)
            case .draft: system.insert(.draft)
            case .keyword(let keyword):
                // Keywords are case-insensitive (§2.3.2): the first spelling given is kept.
                if !keywords.contains(where: { $0.lowercased() == keyword.lowercased() }) { keywords.append(keyword) }
            case .recent, .extension: break
            }
        }
        self.init(system: system, keywords: Set(keywords))
    }

    private static let systemFlags: [(System, Flag)] = [
        (.answered, .answered), (.flagged, .flagged), (.deleted, .deleted), (.seen, .seen), (.draft, .draft),
    ]
}
