extension String {
    /// The text as it may go into a log line when a client chose it (a login name from SASL or an
    /// IMAP literal): control characters (CR, LF, NUL, ESC...) and backslash are written `\xNN`, so
    /// a client cannot end the line and forge the next one (CWE-117).
    public var escapedForLog: String {
        var escaped = ""
        for scalar in unicodeScalars {
            if scalar.value < 0x20 || scalar.value == 0x7F || scalar == "\\" {
                escaped += "\\x" + UInt8(scalar.value).upperHex
            } else {
                escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }
}
