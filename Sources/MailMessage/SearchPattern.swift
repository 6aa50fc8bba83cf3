#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A SEARCH string, folded, ready to be looked for in ``FoldedText`` (RFC 9051 §6.4.4: "a message matches the
/// key if the string is a substring of the associated text. The matching is case-insensitive.").
///
/// The answer is always that of `String.contains` on the folded texts (grapheme clusters under canonical
/// equivalence, as ``SearchFolding/contains(_:_:)`` gives it); octets decide it where they can, which is
/// nearly always:
/// - a key whose scalars are all ``ScalarClass/standalone`` (and has no CR or LF) is looked for octet by
///   octet (Boyer-Moore-Horspool); in a text of standalone scalars an octet match is a match and no octet match is none;
/// - in a text with other scalars, an octet match between standalone neighbours is a match; with no octet
///   match at all in a text whose scalars are at worst ``ScalarClass/inert`` there is none;
/// - everything else (a key with combining marks, a match beside an emoji, a text with combining marks and
///   no clean match) is left to `String.contains`.
public struct SearchPattern: Hashable, Sendable {
    /// The folded key.
    public let text: String
    private let bytes: [UInt8]
    /// Octets can decide (see the type's notes).
    private let byOctets: Bool
    /// Horspool's shifts: for each octet, how far the key may move when the text octet under its last octet is
    /// that one.
    private let shifts: [Int]

    /// The pattern for `key`, which is folded here.
    public init(_ key: String) {
        text = SearchFolding.fold(key)
        bytes = Array(text.utf8)
        byOctets = text.unicodeScalars.allSatisfy { scalar in
            scalar != "\r" && scalar != "\n" && ScalarClass.of(scalar.value) == .standalone
        }
        var shifts = [Int](repeating: max(bytes.count, 1), count: 256)
        for (index, byte) in bytes.dropLast().enumerated() { shifts[Int(byte)] = bytes.count - 1 - index }
        self.shifts = shifts
    }

    /// The empty key, which every text contains.
    public var isEmpty: Bool { bytes.isEmpty }

    /// True when the folded key is a substring of `folded`.
    public func matches(_ folded: FoldedText) -> Bool {
        guard !bytes.isEmpty else { return true }
        guard byOctets else { return fallback(folded) }
        var unsure = folded.worst == .other
        let found = folded.bytes.withUnsafeBufferPointer { text in
            bytes.withUnsafeBufferPointer { key in
                var start = 0
                while let offset = Self.firstOffset(of: key, in: text, from: start, shifts: shifts) {
                    if folded.worst == .standalone
                        || (Self.standaloneBefore(offset, in: text) && Self.standaloneAt(offset + key.count, in: text))
                    {
                        return true
                    }
                    unsure = true
                    start = offset + 1
                }
                return false
            }
        }
        return found || (unsure && fallback(folded))
    }

    /// Where `key` (not empty) first occurs in `text` at or after `start` (Boyer-Moore-Horspool).
    private static func firstOffset(
        of key: UnsafeBufferPointer<UInt8>, in text: UnsafeBufferPointer<UInt8>, from start: Int, shifts: [Int]
    ) -> Int? {
        guard let textBase = text.baseAddress, let keyBase = key.baseAddress else { return nil }
        let last = key.count - 1
        let final = key[last]
        var position = start
        while position + last < text.count {
            let octet = text[position + last]
            if octet == final, memcmp(textBase + position, keyBase, last) == 0 { return position }
            position += shifts[Int(octet)]
        }
        return nil
    }

    /// `String.contains`, the definition.
    private func fallback(_ folded: FoldedText) -> Bool {
        String(decoding: folded.bytes, as: UTF8.self).contains(text)
    }

    /// True when the scalar ending at `offset` is standalone, or none does.
    private static func standaloneBefore(_ offset: Int, in text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard offset > 0 else { return true }
        var start = offset - 1
        while start > 0, text[start] & 0xC0 == 0x80 { start -= 1 }
        return standaloneAt(start, in: text)
    }

    /// True when the scalar starting at `offset` is standalone, or none does.
    private static func standaloneAt(_ offset: Int, in text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard offset < text.count else { return true }
        guard text[offset] >= 0x80 else { return true }
        guard let (value, _) = FoldedText.scalar(in: text, at: offset) else { return false }
        return ScalarClass.of(value) == .standalone
    }
}
