import MailCore

/// An ordered address match list such as `{ !192.0.2.1; 192.0.2.0/24; key "xfr"; };`
/// (BIND ARM "Address Match Lists"), as `allow-query`, `allow-transfer`, `listen-on` and
/// `acl` use it.
///
/// Evaluation is BIND's first match: elements are tried in order, the first one that
/// matches decides (allow, or deny when negated), and a request no element matches is
/// denied.
public struct AddressMatchList: Sendable, Hashable, CustomStringConvertible {
    /// The elements, in the order written.
    public var elements: [AddressMatchElement]

    /// Makes a list.
    public init(_ elements: [AddressMatchElement]) {
        self.elements = elements
    }

    /// `{ any; }`.
    public static let any = AddressMatchList([AddressMatchElement(.any)])
    /// `{ none; }`.
    public static let none = AddressMatchList([AddressMatchElement(.none)])

    /// Whether a request from `address`, TSIG-signed with the key `keyName` (`nil` when
    /// unsigned), is allowed. Key names compare case-insensitively, a trailing dot ignored.
    public func matches(address: IPAddress, keyName: String?) -> Bool {
        evaluate(address: address, keyName: keyName.map(NamedConfKey.canonicalName)) == true
    }

    /// `true` allowed, `false` denied by a negated element, `nil` when nothing matched.
    func evaluate(address: IPAddress, keyName: String?) -> Bool? {
        for element in elements where element.term.matches(address: address, keyName: keyName) {
            return !element.negated
        }
        return nil
    }

    /// The list in named.conf syntax: `{ 127.0.0.1; !key "x"; }`.
    public var description: String {
        "{ " + elements.map { "\($0); " }.joined() + "}"
    }
}
