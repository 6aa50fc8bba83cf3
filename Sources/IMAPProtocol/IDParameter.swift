/// One field of the ID command or response (RFC 2971 §3.3): a name and a value or NIL.
///
///     id_params_list = "(" *(string SP nstring) ")" / nil
public struct IDParameter: Hashable, Sendable {
    /// The field name (`name`, `version`, `vendor`, ...); at most 30 octets (RFC 2971 §3.3).
    public var name: String
    /// The value; nil for NIL. At most 1024 octets.
    public var value: String?

    public init(_ name: String, _ value: String?) {
        self.name = name
        self.value = value
    }

    /// RFC 2971 §3.3: at most 30 field-value pairs.
    public static let maximumCount = 30
    /// RFC 2971 §3.3: field names at most 30 octets.
    public static let maximumNameLength = 30
    /// RFC 2971 §3.3: values at most 1024 octets.
    public static let maximumValueLength = 1024
}
