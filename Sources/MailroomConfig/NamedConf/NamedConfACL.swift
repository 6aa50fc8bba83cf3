/// A named address match list from an `acl` statement (BIND ARM "acl Statement Grammar"):
/// `acl NAME { ... };`.
public struct NamedConfACL: Sendable, Hashable {
    /// The name as written.
    public var name: String
    /// The list, with references to other ACLs resolved.
    public var list: AddressMatchList

    /// Makes an ACL.
    public init(name: String, list: AddressMatchList) {
        self.name = name
        self.list = list
    }
}
