extension DNSHeaderFlags {
    /// Reads the flag bits of the header's second word (RFC 1035 §4.1.1; AD/CD from RFC 4035 §3.2).
    /// The Z bit is dropped: RFC 1035 reserves it and it must be zero.
    init(wireValue: UInt16) {
        self.init()
        isResponse = wireValue & 0x8000 != 0
        opcode = DNSOpcode(rawValue: UInt8(truncatingIfNeeded: wireValue >> 11))
        authoritativeAnswer = wireValue & 0x0400 != 0
        truncated = wireValue & 0x0200 != 0
        recursionDesired = wireValue & 0x0100 != 0
        recursionAvailable = wireValue & 0x0080 != 0
        authenticData = wireValue & 0x0020 != 0
        checkingDisabled = wireValue & 0x0010 != 0
    }

    /// The second header word with the low four RCODE bits filled in (RFC 1035 §4.1.1).
    func wireValue(responseCode: DNSResponseCode) -> UInt16 {
        var word = UInt16(opcode.rawValue & 0x0f) << 11 | responseCode.rawValue & 0x000f
        if isResponse { word |= 0x8000 }
        if authoritativeAnswer { word |= 0x0400 }
        if truncated { word |= 0x0200 }
        if recursionDesired { word |= 0x0100 }
        if recursionAvailable { word |= 0x0080 }
        if authenticData { word |= 0x0020 }
        if checkingDisabled { word |= 0x0010 }
        return word
    }
}
