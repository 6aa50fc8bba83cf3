import MailCore

/// Decodes uncompressed wire-format RDATA, for the RFC 3597 `\#` form of types that have a
/// typed `RecordData` case (RFC 3597 §5: such data must be valid for the type).
///
/// Compression pointers are refused: RFC 3597 §4 forbids them in generic RDATA.
struct RDataWireDecoder {
    private let octets: [UInt8]
    private var index = 0

    private init(_ octets: [UInt8]) {
        self.octets = octets
    }

    /// The typed data, `.unknown` for types without a case, or `nil` when malformed.
    static func decode(type: DNSRecordType, octets: [UInt8]) -> RecordData? {
        var decoder = RDataWireDecoder(octets)
        let data: RecordData?
        switch type {
        case .a: data = IPAddress(bytes: decoder.take(4) ?? []).map(RecordData.a)
        case .aaaa: data = IPAddress(bytes: decoder.take(16) ?? []).map(RecordData.aaaa)
        case .ns: data = decoder.name().map(RecordData.ns)
        case .cname: data = decoder.name().map(RecordData.cname)
        case .ptr: data = decoder.name().map(RecordData.ptr)
        case .mx:
            guard let preference = decoder.uint16(), let exchange = decoder.name() else { return nil }
            data = .mx(preference: preference, exchange: exchange)
        case .txt:
            var strings: [[UInt8]] = []
            while !decoder.isAtEnd {
                guard let count = decoder.take(1)?.first, let string = decoder.take(Int(count)) else { return nil }
                strings.append(string)
            }
            data = strings.isEmpty ? nil : .txt(strings)
        case .soa:
            guard let primary = decoder.name(), let mailbox = decoder.name(), let serial = decoder.uint32(),
                let refresh = decoder.uint32(), let retry = decoder.uint32(), let expire = decoder.uint32(),
                let minimum = decoder.uint32()
            else { return nil }
            data = .soa(
                StartOfAuthority(
                    primaryServer: primary, responsibleMailbox: mailbox, serial: serial, refresh: refresh, retry: retry,
                    expire: expire, minimum: minimum))
        case .srv:
            guard let priority = decoder.uint16(), let weight = decoder.uint16(), let port = decoder.uint16(),
                let target = decoder.name()
            else { return nil }
            data = .srv(priority: priority, weight: weight, port: port, target: target)
        case .caa:
            guard let flags = decoder.take(1)?.first, let tagLength = decoder.take(1)?.first, tagLength > 0,
                let tag = decoder.take(Int(tagLength))
            else { return nil }
            data = .caa(flags: flags, tag: tag, value: decoder.rest())
        default:
            return .unknown(type, octets)
        }
        return decoder.isAtEnd ? data : nil
    }

    private var isAtEnd: Bool { index >= octets.count }

    private mutating func take(_ count: Int) -> [UInt8]? {
        guard count <= octets.count - index else { return nil }
        defer { index += count }
        return Array(octets[index..<index + count])
    }

    private mutating func rest() -> [UInt8] {
        defer { index = octets.count }
        return Array(octets[index...])
    }

    private mutating func uint16() -> UInt16? {
        take(2).map { UInt16($0[0]) << 8 | UInt16($0[1]) }
    }

    private mutating func uint32() -> UInt32? {
        take(4).map { $0.reduce(0) { $0 << 8 | UInt32($1) } }
    }

    /// An uncompressed name (RFC 1035 §3.1); labels over 63 octets and pointers are refused.
    private mutating func name() -> DNSName? {
        var labels: [[UInt8]] = []
        while true {
            guard let length = take(1)?.first, length <= 63 else { return nil }
            if length == 0 { return DNSName(labels: labels) }
            guard let label = take(Int(length)) else { return nil }
            labels.append(label)
        }
    }
}
