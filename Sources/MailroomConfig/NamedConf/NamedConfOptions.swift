/// What mailroom uses from the `options` statement (BIND ARM "options Statement Grammar").
/// Options that are absent stay `nil` or empty; BIND's defaults are noted per property so the
/// caller can decide which to apply.
public struct NamedConfOptions: Sendable, Hashable {
    /// `directory`: the base for relative zone file names (BIND default: its working directory).
    public var directory: String?
    /// Every `listen-on`, in order (BIND default: port 53 on every IPv4 interface).
    public var listenOn: [NamedConfListenOn]
    /// Every `listen-on-v6` except `{ none; }`, which is reported as a warning and dropped.
    public var listenOnV6: [NamedConfListenOn]
    /// `allow-query` (BIND default: `any`).
    public var allowQuery: AddressMatchList?
    /// `allow-transfer` (BIND's default has changed between releases, so the caller should
    /// pick a safe one such as `none`).
    public var allowTransfer: AddressMatchList?
    /// `recursion`: only ever `false` (`recursion yes` is an error) or `nil` when absent.
    public var recursion: Bool?

    /// Makes options; everything defaults to absent.
    public init(
        directory: String? = nil, listenOn: [NamedConfListenOn] = [], listenOnV6: [NamedConfListenOn] = [],
        allowQuery: AddressMatchList? = nil, allowTransfer: AddressMatchList? = nil, recursion: Bool? = nil
    ) {
        self.directory = directory
        self.listenOn = listenOn
        self.listenOnV6 = listenOnV6
        self.allowQuery = allowQuery
        self.allowTransfer = allowTransfer
        self.recursion = recursion
    }
}
