import MailCore

/// Conversions from expanded setting text to typed values, with the syntax Postfix and Dovecot
/// use for numbers, booleans, times, host names and lists.
enum ValueParser {
    /// A list: elements separated by commas and/or white space (postconf(5) "lists").
    static func list(_ text: String) -> [String] {
        text.split(whereSeparator: { $0 == "," || MainCF.isWhiteSpace($0) }).map(String.init)
    }

    /// A non-negative decimal number.
    static func wholeNumber(_ text: String) throws(ValueError) -> Int {
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(text) else {
            throw ValueError(text, "is not a whole number")
        }
        return number
    }

    /// A decimal number of at least 1 (a limit that 0 would turn into a standstill).
    static func positiveNumber(_ text: String) throws(ValueError) -> Int {
        guard let number = try? wholeNumber(text), number >= 1 else { throw ValueError(text, "is not a number of at least 1") }
        return number
    }

    /// An EDNS(0) UDP payload size: RFC 6891 §6.2.5 treats less than 512 as 512, and 4096 is the most
    /// worth offering (RFC 6891 §6.2.5's recommended starting point, BIND's `max-udp-size` ceiling).
    static func udpPayloadSize(_ text: String) throws(ValueError) -> Int {
        guard let number = try? wholeNumber(text), (512...4096).contains(number) else {
            throw ValueError(text, "is not a UDP payload size (512 to 4096)")
        }
        return number
    }

    /// A Unix user or group id (`(uid_t) -1` is "no id" to the kernel, so it is not one).
    static func userID(_ text: String) throws(ValueError) -> UInt32 {
        guard let number = try? wholeNumber(text), number < UInt32.max else {
            throw ValueError(text, "is not a user or group id (0 to 4294967294)")
        }
        return UInt32(number)
    }

    /// A user or group id, or empty for the computed default.
    static func optionalUserID(_ text: String) throws(ValueError) -> UInt32? {
        text.isEmpty ? nil : try userID(text)
    }

    /// A TCP/UDP port; `0` is allowed and means "off" for listeners.
    static func port(_ text: String) throws(ValueError) -> Int {
        guard let number = try? wholeNumber(text), number <= 65535 else {
            throw ValueError(text, "is not a port number (0 to 65535)")
        }
        return number
    }

    /// A port to connect to, where `0` makes no sense.
    static func remotePort(_ text: String) throws(ValueError) -> Int {
        guard let number = try? port(text), number > 0 else {
            throw ValueError(text, "is not a port number (1 to 65535)")
        }
        return number
    }

    /// Postfix and Dovecot booleans: `yes` or `no`, in any case.
    static func yesOrNo(_ text: String) throws(ValueError) -> Bool {
        switch text.lowercased() {
        case "yes": return true
        case "no": return false
        default: throw ValueError(text, "is not yes or no")
        }
    }

    /// A Postfix time: a number with an optional unit `s`, `m`, `h`, `d` or `w`; seconds without one.
    static func time(_ text: String) throws(ValueError) -> Duration {
        let units: [Character: Int64] = ["s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604_800]
        let unit = text.last.flatMap { units[Character($0.lowercased())] }
        let digits = unit == nil ? text : String(text.dropLast())
        guard let number = try? wholeNumber(digits) else {
            throw ValueError(text, "is not a time (a number with an optional unit s, m, h, d or w)")
        }
        let (seconds, overflow) = Int64(number).multipliedReportingOverflow(by: unit ?? 1)
        guard !overflow else { throw ValueError(text, "is too long a time") }
        return .seconds(seconds)
    }

    /// `delay_warning_time`: a time whose unit is hours when none is written, as Postfix reads it.
    static func timeInHours(_ text: String) throws(ValueError) -> Duration {
        try time(!text.isEmpty && text.allSatisfy(\.isNumber) ? text + "h" : text)
    }

    /// `notify_classes`: Postfix's classes, lower-cased; an unknown one is an error.
    static func notifyClasses(_ text: String) throws(ValueError) -> [String] {
        let known = ["bounce", "2bounce", "data", "delay", "policy", "protocol", "resource", "software"]
        let classes = list(text).map { $0.lowercased() }
        if let unknown = classes.first(where: { !known.contains($0) }) {
            throw ValueError(unknown, "is not a notify class (\(known.joined(separator: ", ")))")
        }
        return classes
    }

    /// `imap_autologout`: a time of at least 30 minutes, the least RFC 9051 §5.4 allows a server to
    /// wait on a logged-in client before it ends the session.
    static func autologoutTime(_ text: String) throws(ValueError) -> Duration {
        let duration = try time(text)
        guard duration >= .seconds(30 * 60) else {
            throw ValueError(text, "is shorter than the 30 minutes RFC 9051 §5.4 requires")
        }
        return duration
    }

    /// A Dovecot size: a number of bytes with an optional unit `k`, `M` or `G` (powers of 1024).
    static func size(_ text: String) throws(ValueError) -> Int {
        let units: [Character: Int] = ["b": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30]
        let unit = text.last.flatMap { units[Character($0.lowercased())] }
        let digits = unit == nil ? text : String(text.dropLast())
        guard let number = try? wholeNumber(digits) else {
            throw ValueError(text, "is not a size (a number with an optional unit k, M or G)")
        }
        let (bytes, overflow) = number.multipliedReportingOverflow(by: unit ?? 1)
        guard !overflow else { throw ValueError(text, "is too large a size") }
        return bytes
    }

    /// A host or domain name: dot-separated labels of letters, digits, `-` and `_`
    /// (Postfix's `valid_hostname` also allows `_`, which real networks use).
    static func hostName(_ text: String) throws(ValueError) -> String {
        let labels = text.split(separator: ".", omittingEmptySubsequences: false)
        let valid = !text.isEmpty && text.utf8.count <= 253 && labels.allSatisfy { label in
            (1...63).contains(label.count) && !label.hasPrefix("-") && !label.hasSuffix("-")
                && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
        }
        guard valid else { throw ValueError(text, "is not a host name") }
        return text
    }

    /// A list of domain names, lower-cased since domains compare case-insensitively.
    static func domainList(_ text: String) throws(ValueError) -> [String] {
        var domains: [String] = []
        for element in list(text) {
            guard (try? hostName(element)) != nil else { throw ValueError(element, "is not a domain name") }
            domains.append(element.lowercased())
        }
        return domains
    }

    /// A list of CIDR networks, IPv6 also in Postfix's `[addr]/len` form.
    static func networkList(_ text: String) throws(ValueError) -> [IPNetwork] {
        var networks: [IPNetwork] = []
        for element in list(text) {
            guard let network = IPNetwork(element) else {
                throw ValueError(element, "is not a network address (like 192.0.2.0/24 or [2001:db8::]/32)")
            }
            networks.append(network)
        }
        return networks
    }

    /// A path, where empty means "not set".
    static func optionalPath(_ text: String) -> String? {
        text.isEmpty ? nil : text
    }

    /// A path that must be given.
    static func path(_ text: String) throws(ValueError) -> String {
        guard !text.isEmpty else { throw ValueError(text, "is empty; a path is needed") }
        return text
    }

    /// Free text, taken as written.
    static func text(_ text: String) -> String {
        text
    }
}
