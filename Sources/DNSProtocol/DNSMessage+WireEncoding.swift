extension DNSMessage {
    /// Encodes the message (RFC 1035 §4.1) with name compression, OPT and TSIG last (RFC 8945 §5.1).
    ///
    /// When it would exceed `maximumSize`, whole RRsets are dropped from the end (RFC 2181 §9)
    /// after space for OPT and TSIG is reserved; TC is set only if an answer or authority RRset
    /// had to go (RFC 1035 §4.2.1), since missing additional data does not make an answer wrong.
    /// Header and questions are always written, even if they alone exceed the limit.
    public func encoded(maximumSize: Int = 65_535) -> [UInt8] {
        let trailer = tsig.map(DNSWireWriter.tsigLength) ?? 0
        var writer = encodedWithoutTSIG(maximumSize: maximumSize - trailer)
        if let tsig {
            writer.writeTSIG(tsig)
            DNSMessage.incrementAdditionalCount(in: &writer)
        }
        return writer.bytes
    }

    /// Bumps ARCOUNT after a trailing record has been appended.
    static func incrementAdditionalCount(in writer: inout DNSWireWriter) {
        let current = UInt16(writer.bytes[10]) << 8 | UInt16(writer.bytes[11])
        writer.patchUInt16(current &+ 1, at: 10)
    }

    /// Everything but the TSIG record, fitted into `maximumSize` with the OPT record included.
    func encodedWithoutTSIG(maximumSize: Int) -> DNSWireWriter {
        var writer = DNSWireWriter()
        writer.writeUInt16(id)
        writer.writeUInt16(0)  // flags, patched once truncation is known
        writer.writeUInt16(UInt16(clamping: questions.count))
        for _ in 0..<3 { writer.writeUInt16(0) }
        for question in questions.prefix(Int(UInt16.max)) {
            writer.writeName(question.name)
            writer.writeUInt16(question.type.rawValue)
            writer.writeUInt16(question.dnsClass.rawValue)
        }
        let reserved = edns.map(DNSWireWriter.optLength) ?? 0
        let sections = [answers, authority, additional]
        var counts = [0, 0, 0]
        var consumed = [0, 0, 0]
        var safe = (size: writer.count, counts: counts, consumed: consumed)
        var overflowed = false
        sectionLoop: for (section, records) in sections.enumerated() {
            for (index, record) in records.enumerated() {
                if index == 0 || !record.isInSameRRset(as: records[index - 1]) {
                    safe = (writer.count, counts, consumed)
                }
                if counts[section] < Int(UInt16.max), writer.writeRecord(record) { counts[section] += 1 }
                consumed[section] = index + 1
                if writer.count + reserved > maximumSize {
                    overflowed = true
                    break sectionLoop
                }
            }
        }
        if overflowed {
            writer.truncate(to: safe.size)
            counts = safe.counts
            consumed = safe.consumed
        }
        var flags = self.flags
        if consumed[0] < answers.count || consumed[1] < authority.count { flags.truncated = true }
        writer.patchUInt16(flags.wireValue(responseCode: responseCode), at: 2)
        writer.patchUInt16(UInt16(counts[0]), at: 6)
        writer.patchUInt16(UInt16(counts[1]), at: 8)
        writer.patchUInt16(UInt16(clamping: counts[2] + (edns == nil ? 0 : 1)), at: 10)
        if let edns { writer.writeOPT(edns, responseCode: responseCode) }
        return writer
    }
}
