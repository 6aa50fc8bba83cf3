/// A set of message sequence numbers or UIDs (RFC 9051 §9 `sequence-set`), as the client wrote it:
/// numbers and ranges, where `*` is the largest number in use and a range may be written in either
/// order (`4:2` is `2:4`), or `$`, the result a SEARCH saved (SEARCHRES, RFC 5182 §2).
///
///     sequence-set    = (seq-number / seq-range) ["," sequence-set] / seq-last-command
///     seq-number      = nz-number / "*"
///     seq-range       = seq-number ":" seq-number
///     seq-last-command = "$"
public enum SequenceSet: Hashable, Sendable {
    /// Numbers and ranges, in the order written; never empty.
    case ranges([SequenceRange])
    /// `$`: the saved search result (RFC 5182 §2.1).
    case lastCommand

    /// The set of one number.
    public static func single(_ number: UInt32) -> SequenceSet {
        .ranges([SequenceRange(.number(number))])
    }
}

/// One end of a range: a number, or `*`, the largest number in use (RFC 9051 §9 `seq-number`).
public enum SequenceNumber: Hashable, Sendable {
    /// `nz-number`: 1 to 4,294,967,295.
    case number(UInt32)
    /// `*`.
    case last

    /// The number, `*` taken as `last`.
    public func resolved(last: UInt32) -> UInt32 {
        switch self {
        case .number(let number): number
        case .last: last
        }
    }
}

/// `seq-number` or `seq-range` (RFC 9051 §9): the ends as written, in either order.
public struct SequenceRange: Hashable, Sendable {
    public var first: SequenceNumber
    public var second: SequenceNumber

    /// A range from `first` to `second`, in either order.
    public init(_ first: SequenceNumber, _ second: SequenceNumber) {
        self.first = first
        self.second = second
    }

    /// One number (`5` or `*`).
    public init(_ single: SequenceNumber) {
        self.init(single, single)
    }

    /// True when written as one number.
    public var isSingle: Bool { first == second }

    /// The numbers covered when the largest in use is `last` (RFC 9051 §9: "the order of the ends does
    /// not matter"; `*` means `last`, and with an empty mailbox `last` is 0).
    public func resolved(last: UInt32) -> ClosedRange<UInt32> {
        let a = first.resolved(last: last)
        let b = second.resolved(last: last)
        return min(a, b)...max(a, b)
    }
}

// MARK: - Encoding

extension SequenceNumber: CustomStringConvertible {
    /// The wire form: the number or `*`.
    public var description: String {
        switch self {
        case .number(let number): String(number)
        case .last: "*"
        }
    }
}

extension SequenceRange: CustomStringConvertible {
    /// The wire form: `n` or `n:m`.
    public var description: String {
        isSingle ? first.description : "\(first):\(second)"
    }
}

extension SequenceSet: CustomStringConvertible {
    /// The wire form: `1:4,7,9:*` or `$`.
    public var description: String {
        switch self {
        case .ranges(let ranges): ranges.map(\.description).joined(separator: ",")
        case .lastCommand: "$"
        }
    }
}
