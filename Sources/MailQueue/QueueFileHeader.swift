import Foundation
import MailCore

/// The start of every queue file: the envelope and the arrival time, ahead of the message bytes.
///
/// Layout: the 8 magic bytes `MRQUEUE1`, a 4-byte big-endian length `n`, `n` bytes of JSON
/// (`{"envelope":…,"arrival":…}`), then the message exactly as received (CRLF line ends,
/// dot-unstuffed) up to the end of the file. A queue file reaches `active/` only after it is complete
/// and synced, so its length is the message's length and needs no field of its own.
struct QueueFileHeader: Codable, Sendable, Equatable {
    static let magic = Array("MRQUEUE1".utf8)
    /// A header is small; anything bigger is not one of ours.
    static let maximumLength = 1 << 24

    var envelope: MessageEnvelope
    /// When the message was accepted, in whole seconds since 1970 (the DSN `Arrival-Date`).
    var arrival: Int64

    var arrivalDate: Date { Date(timeIntervalSince1970: TimeInterval(arrival)) }

    /// The bytes that precede the message.
    func encoded() throws -> [UInt8] {
        let json = try JSONEncoder().encode(self)
        var bytes = Self.magic
        let length = UInt32(json.count)
        bytes += [UInt8(length >> 24), UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length & 0xFF)]
        bytes += json
        return bytes
    }

    /// Reads the header of an open queue file; returns it and the offset where the message starts.
    static func read(from file: SpoolFile) throws(QueueError) -> (header: QueueFileHeader, messageOffset: Int64) {
        let prefixLength = magic.count + 4
        let prefix = try file.read(count: prefixLength, at: 0)
        guard prefix.count == prefixLength, Array(prefix[..<magic.count]) == magic else {
            throw QueueError(.corruptQueueFile, path: file.path, reason: "no queue file header")
        }
        let length = prefix[magic.count...].reduce(0) { $0 << 8 | Int($1) }
        guard length <= maximumLength else {
            throw QueueError(.corruptQueueFile, path: file.path, reason: "header length \(length)")
        }
        let json = try file.read(count: length, at: Int64(prefixLength))
        guard json.count == length, let header = try? JSONDecoder().decode(QueueFileHeader.self, from: Data(json)) else {
            throw QueueError(.corruptQueueFile, path: file.path, reason: "unreadable envelope")
        }
        return (header, Int64(prefixLength + length))
    }
}
