/// A header section read into its fields (RFC 5322 §2.2, §3.6), for what the parsed structure does not keep:
/// SEARCH HEADER and the address keys (RFC 9051 §6.4.4) and FETCH BODY[HEADER.FIELDS] (§6.4.5). Reading stops
/// after the empty line that ends the section, so the whole message may be passed; the limits of
/// ``MIMELimits`` apply as in the message parser.
public struct MessageHeader: Hashable, Sendable {
    /// The fields in order.
    public var fields: [HeaderField]
    /// Octets of the header section, the empty line included: where the body begins.
    public var size: Int

    /// Reads the header section at the start of `bytes`.
    public init(parsing bytes: some RandomAccessCollection<UInt8>) {
        (fields, size) = ByteLines.withContiguous(bytes) { buffer in
            var scanner = HeaderFieldScanner(sectionStart: 0)
            var fields: [HeaderField] = []
            func keep(_ field: RawHeaderField?) {
                guard let field else { return }
                let name = String(decoding: buffer[field.name], as: UTF8.self)
                let value = ByteString(HeaderFieldScanner.unfold(field.value, in: buffer))
                fields.append(HeaderField(name: name, value: value, lines: field.lines))
            }
            var start = 0
            while start < buffer.count {
                let (content, next) = ByteLines.line(in: buffer, from: start)
                if content.isEmpty, next > content.upperBound {
                    keep(scanner.finish())
                    return (fields, next)
                }
                keep(scanner.take(content, next: next, in: buffer))
                start = next
            }
            keep(scanner.finish())
            return (fields, buffer.count)
        }
    }

    /// The values of the fields called `name` (without case), in order.
    public func values(named name: String) -> [ByteString] {
        fields.filter { $0.isNamed(name) }.map(\.value)
    }

    /// The values of the fields called `name`, encoded words decoded: what SEARCH FROM, SUBJECT or
    /// HEADER compares with (RFC 9051 §6.4.4).
    public func decodedValues(named name: String) -> [String] {
        fields.filter { $0.isNamed(name) }.map(\.decodedValue)
    }

    /// The lines of the fields whose names are (or, with `excluding`, are not) in `names`, in message order,
    /// followed by the empty line: FETCH BODY[HEADER.FIELDS (...)] and BODY[HEADER.FIELDS.NOT (...)]
    /// (RFC 9051 §6.4.5). `bytes` are those the header was read from.
    public func selectedLines(
        _ names: [String], excluding: Bool = false, from bytes: some RandomAccessCollection<UInt8>
    ) -> [UInt8] {
        let wanted = Set(names.map(ASCII.lowercased))
        var selected: [UInt8] = []
        for field in fields where wanted.contains(ASCII.lowercased(field.name)) != excluding {
            selected += ByteLines.slice(bytes, field.lines)
            if selected.last != ASCII.lineFeed { selected += [ASCII.carriageReturn, ASCII.lineFeed] }
        }
        return selected + [ASCII.carriageReturn, ASCII.lineFeed]
    }
}
