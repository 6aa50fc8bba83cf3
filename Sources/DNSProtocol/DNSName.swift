/// A domain name as a sequence of labels (RFC 1035 §3.1), compared case-insensitively (RFC 4343).
///
/// Labels keep the case they were written or received in, so an answer can echo a question's
/// spelling; equality and hashing ignore ASCII case. The root is the name with no labels.
public struct DNSName: Hashable, Sendable, CustomStringConvertible {
    /// The labels, most specific first, without the empty root label.
    public private(set) var labels: [[UInt8]]

    /// RFC 1035 §2.3.4: a label is at most 63 octets.
    public static let maximumLabelLength = 63
    /// RFC 1035 §2.3.4: a name is at most 255 octets in wire form.
    public static let maximumWireLength = 255

    /// The root name `.`.
    public static let root = DNSName(uncheckedLabels: [])

    /// Wraps labels that the caller has already checked against the RFC 1035 limits.
    init(uncheckedLabels labels: [[UInt8]]) {
        self.labels = labels
    }

    /// Makes a name from labels; `nil` when a label is empty or too long, or the name is too long.
    public init?(labels: [[UInt8]]) {
        guard labels.allSatisfy({ !$0.isEmpty && $0.count <= DNSName.maximumLabelLength }) else { return nil }
        let name = DNSName(uncheckedLabels: labels)
        guard name.wireLength <= DNSName.maximumWireLength else { return nil }
        self = name
    }

    /// Parses presentation format (`mail.example.test.`, `\.` and `\DDD` escapes, RFC 1035 §5.1).
    /// Relative and absolute names read the same here; `nil` for empty labels or over-long names.
    public init?(_ text: String) {
        if text == "." {
            self = .root
            return
        }
        var labels: [[UInt8]] = []
        var label: [UInt8] = []
        var bytes = Array(text.utf8)[...]
        var sawTrailingDot = false
        while let byte = bytes.popFirst() {
            sawTrailingDot = false
            switch byte {
            case UInt8(ascii: "."):
                guard !label.isEmpty else { return nil }
                labels.append(label)
                label = []
                sawTrailingDot = true
            case UInt8(ascii: "\\"):
                guard let next = bytes.popFirst() else { return nil }
                if let d1 = next.decimalDigit {
                    guard let d2 = bytes.popFirst()?.decimalDigit, let d3 = bytes.popFirst()?.decimalDigit else {
                        return nil
                    }
                    let value = d1 * 100 + d2 * 10 + d3
                    guard value <= 255 else { return nil }
                    label.append(UInt8(value))
                } else {
                    label.append(next)
                }
            default:
                label.append(byte)
            }
        }
        if !label.isEmpty {
            labels.append(label)
        } else if !sawTrailingDot {
            return nil
        }
        self.init(labels: labels)
    }

    /// The octets the name takes in uncompressed wire form, the root label included.
    public var wireLength: Int {
        labels.reduce(1) { $0 + 1 + $1.count }
    }

    /// True for the root name.
    public var isRoot: Bool { labels.isEmpty }

    /// The name with its first label removed; the root's parent is the root.
    public var parent: DNSName {
        isRoot ? self : DNSName(uncheckedLabels: Array(labels.dropFirst()))
    }

    /// True when `self` equals `ancestor` or lies below it.
    public func isSubdomain(of ancestor: DNSName) -> Bool {
        guard labels.count >= ancestor.labels.count else { return false }
        let tail = labels.suffix(ancestor.labels.count)
        return zip(tail, ancestor.labels).allSatisfy { DNSName.labelsEqual($0, $1) }
    }

    /// `label.self`, or `nil` when the result would be too long.
    public func prepending(_ label: [UInt8]) -> DNSName? {
        DNSName(labels: [label] + labels)
    }

    /// `self` followed by `origin`'s labels, or `nil` when the result would be too long.
    public func appending(_ origin: DNSName) -> DNSName? {
        DNSName(labels: labels + origin.labels)
    }

    /// The name with every ASCII letter lower-cased: the canonical form of RFC 4034 §6.2.
    public var lowercased: DNSName {
        DNSName(uncheckedLabels: labels.map { $0.map(\.asciiLowercased) })
    }

    /// Absolute presentation form with a trailing dot, escaping as RFC 1035 §5.1 and BIND do.
    public var description: String {
        guard !isRoot else { return "." }
        var text = ""
        for label in labels {
            for byte in label {
                switch byte {
                case UInt8(ascii: "."), UInt8(ascii: "\\"), UInt8(ascii: "\""), UInt8(ascii: ";"),
                    UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "@"), UInt8(ascii: "$"):
                    text += "\\" + String(UnicodeScalar(byte))
                case 0x21...0x7e:
                    text.unicodeScalars.append(UnicodeScalar(byte))
                default:
                    text += "\\" + String(byte).leftPadded(to: 3)
                }
            }
            text += "."
        }
        return text
    }

    public static func == (lhs: DNSName, rhs: DNSName) -> Bool {
        lhs.labels.count == rhs.labels.count && zip(lhs.labels, rhs.labels).allSatisfy { labelsEqual($0, $1) }
    }

    public func hash(into hasher: inout Hasher) {
        // One combine per label over a lower-cased copy on the stack: feeding the hasher byte by byte
        // was a quarter of the answer path's time.
        hasher.combine(labels.count)
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: DNSName.maximumLabelLength + 1) { scratch in
            for label in labels {
                let count = min(label.count, DNSName.maximumLabelLength)
                scratch[0] = UInt8(count)
                for index in 0..<count { scratch[index + 1] = label[index].asciiLowercased }
                hasher.combine(bytes: UnsafeRawBufferPointer(UnsafeMutableBufferPointer(rebasing: scratch[0...count])))
            }
        }
    }

    static func labelsEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { $0.asciiLowercased == $1.asciiLowercased }
    }
}

extension UInt8 {
    /// The byte with an ASCII upper-case letter turned to lower case.
    @inline(__always) var asciiLowercased: UInt8 {
        (0x41...0x5a).contains(self) ? self | 0x20 : self
    }

    var decimalDigit: Int? {
        (0x30...0x39).contains(self) ? Int(self - 0x30) : nil
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
