extension UInt8 {
    /// The octet as two upper-case hexadecimal digits (`0A`): how percent-escapes, xtext (RFC 3461
    /// §4), log escapes and certificate fingerprints write an octet.
    public var upperHex: String {
        let digits = Array("0123456789ABCDEF".utf8)
        return String(decoding: [digits[Int(self >> 4)], digits[Int(self & 0x0F)]], as: UTF8.self)
    }
}
