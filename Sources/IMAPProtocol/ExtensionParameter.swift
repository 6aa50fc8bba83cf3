/// A parameter of SELECT and EXAMINE (RFC 4466 §2.1 `select-param`; CONDSTORE and QRESYNC, RFC 7162, are
/// such parameters), kept generic so the machine can accept the ones it implements and refuse the rest.
///
///     select-param   = select-param-name [SP select-param-value]
///     select-param-name  = tagged-ext-label
///     select-param-value = tagged-ext-val
///     tagged-ext-val = tagged-ext-simple / "(" [tagged-ext-comp] ")"
///     tagged-ext-simple = sequence-set / number / number64
///     tagged-ext-comp = astring / tagged-ext-comp *(SP tagged-ext-comp) / "(" tagged-ext-comp ")"
public struct ExtensionParameter: Hashable, Sendable {
    /// The name as written (`tagged-ext-label`); compare it without regard to case.
    public var name: String
    public var value: ExtensionValue?

    public init(name: String, value: ExtensionValue? = nil) {
        self.name = name
        self.value = value
    }
}

/// A `tagged-ext-val` (RFC 4466 §2.1): a number, a sequence set, or a parenthesised list of astrings and
/// nested lists. A lone number is ``number(_:)``, never a one-number sequence set.
public indirect enum ExtensionValue: Hashable, Sendable {
    case number(UInt64)
    case sequenceSet(SequenceSet)
    case list([ExtensionValue])
    /// An astring inside a list.
    case string([UInt8])
}
