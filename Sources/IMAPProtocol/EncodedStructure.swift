import MailMessage
import NIOCore

/// A message's ENVELOPE, BODY and BODYSTRUCTURE as they go on the wire in one string style (7-bit,
/// or UTF-8 after IMAP4rev2 or UTF8=ACCEPT), kept with the message as Dovecot's cache file keeps
/// them: a FETCH of them then copies bytes instead of reading the structure back and encoding it
/// again, which was most of the CPU of `FETCH 1:* (ENVELOPE BODYSTRUCTURE)`.
public struct EncodedStructure: Hashable, Sendable {
    public var envelope: [UInt8]
    public var body: [UInt8]
    public var bodyStructure: [UInt8]

    /// The three, encoded as a session with `options` writes them.
    public init(envelope: Envelope, bodyStructure structure: BodyStructure, options: ResponseEncodingOptions) {
        let encoder = StructureEncoder(options: options)
        func encoded(_ write: (inout ByteBuffer) -> Void) -> [UInt8] {
            var buffer = ByteBuffer()
            write(&buffer)
            return Array(buffer.readableBytesView)
        }
        self.envelope = encoded { encoder.write(envelope, into: &$0) }
        self.body = encoded { encoder.write(structure, extensible: false, into: &$0) }
        self.bodyStructure = encoded { encoder.write(structure, extensible: true, into: &$0) }
    }

    /// `ES`, a version octet, then each of the three as a 4-octet big-endian length and its octets.
    public func serialized() -> [UInt8] {
        var bytes: [UInt8] = Self.magic
        bytes.reserveCapacity(3 + 12 + envelope.count + body.count + bodyStructure.count)
        for part in [envelope, body, bodyStructure] {
            let count = UInt32(part.count)
            bytes += [UInt8(count >> 24), UInt8(truncatingIfNeeded: count >> 16), UInt8(truncatingIfNeeded: count >> 8),
                      UInt8(truncatingIfNeeded: count)]
            bytes += part
        }
        return bytes
    }

    /// What ``serialized()`` wrote; `nil` for anything else (another version, a cut blob).
    public init?(serialized bytes: [UInt8]) {
        guard bytes.count >= Self.magic.count, Array(bytes.prefix(Self.magic.count)) == Self.magic else { return nil }
        var offset = Self.magic.count
        var parts: [[UInt8]] = []
        for _ in 0..<3 {
            guard bytes.count - offset >= 4 else { return nil }
            let count = bytes[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
            offset += 4
            guard bytes.count - offset >= count else { return nil }
            parts.append(Array(bytes[offset..<offset + count]))
            offset += count
        }
        guard offset == bytes.count else { return nil }
        envelope = parts[0]
        body = parts[1]
        bodyStructure = parts[2]
    }

    private static let magic: [UInt8] = [0x45, 0x53, 1]
}
