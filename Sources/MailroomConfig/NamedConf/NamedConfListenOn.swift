/// One `listen-on [port N] { address_match_list };` (or `listen-on-v6`) option
/// (BIND ARM "Interfaces").
public struct NamedConfListenOn: Sendable, Hashable {
    /// The port; `nil` when not written (BIND then uses 53).
    public var port: Int?
    /// The interface addresses to listen on.
    public var addresses: AddressMatchList

    /// Makes a listen-on option.
    public init(port: Int?, addresses: AddressMatchList) {
        self.port = port
        self.addresses = addresses
    }
}
