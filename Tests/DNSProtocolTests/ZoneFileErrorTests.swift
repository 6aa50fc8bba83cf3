import Testing

@testable import DNSProtocol

@Suite("Zone file errors")
struct ZoneFileErrorTests {
    /// (zone text, line, code, start of the message).
    static let cases: [(String, Int, ZoneFileError.Code, String)] = [
        ("$TTL 1D\n@ IN SOA ns1 hostmaster ( 1 2 3 4 5 )\nmail IN MX notanumber\n", 3, .badNumber,
         #"MX preference "notanumber" is not a number"#),
        ("$TTL 1D\na IN MXX foo", 2, .unknownType, #"unknown record type "MXX""#),
        ("$TTL 1\na \"A\" 192.0.2.1", 2, .unknownType, #"unknown record type "A""#),
        ("$TTL 1\na AXFR", 2, .unknownType, "record type AXFR is a meta-type"),
        ("$TTL 1\na TYPE65534 01", 2, .unknownType, "record type TYPE65534 has no text form here"),
        ("$TTL 1D\n\na IN MX ( 10\nmail\n", 3, .unbalancedParentheses, "unbalanced parenthesis"),
        ("$TTL 1D\na A 192.0.2.1 )", 2, .unbalancedParentheses, "unbalanced parenthesis"),
        ("$TTL 1Q", 1, .badTTL, #"bad TTL "1Q""#),
        ("$TTL 1H30", 1, .badTTL, #"bad TTL "1H30""#),
        ("$TTL 2147483648", 1, .badTTL, #"bad TTL "2147483648": larger than 2147483647"#),
        ("$TTL 99999999999999999999", 1, .badTTL, #"bad TTL "99999999999999999999""#),
        ("a 1Q A 192.0.2.1", 1, .badTTL, #"bad TTL "1Q""#),
        ("$TTL 1\na 1 2 A 192.0.2.1", 2, .badTTL, "TTL given twice"),
        ("$TTL 1\n" + String(repeating: "a", count: 64) + " A 192.0.2.1", 2, .badName, "label longer than 63 octets"),
        ("$TTL 1\n" + Array(repeating: String(repeating: "a", count: 60), count: 4).joined(separator: ".") + " A 192.0.2.1",
         2, .badName, "name longer than 255 octets"),
        ("$TTL 1\na..b A 192.0.2.1", 2, .badName, #"empty label in name "a..b""#),
        ("$TTL 1\n.a A 192.0.2.1", 2, .badName, "empty label"),
        ("$TTL 1\n\"\" A 192.0.2.1", 2, .badName, "empty name"),
        ("$TTL 1\na TXT \"unterminated\nb A 192.0.2.1", 2, .unterminatedString, "unterminated quoted string"),
        ("$TTL 1\na TXT \"unterminated", 2, .unterminatedString, "unterminated quoted string"),
        ("$TTL 1\na\\", 2, .badEscape, "backslash at end of line"),
        ("$TTL 1\na TXT \"\\300\"", 2, .badEscape, #"bad escape \300"#),
        ("$TTL 1\na TXT \"\\12\"", 2, .badEscape, "bad escape"),
        ("$TTL 1\na CH A 192.0.2.1", 2, .badClass, "class CH is not supported; only IN"),
        ("$TTL 1\na CLASS4 A 192.0.2.1", 2, .badClass, "class HS is not supported; only IN"),
        ("$TTL 1\na IN 1 IN A 192.0.2.1", 2, .badClass, "class given twice"),
        (" A 192.0.2.1", 1, .noOwner, "no owner name"),
        ("a A 192.0.2.1", 1, .noTTL, "no TTL specified"),
        ("$TTL 1\na A 192.0.2", 2, .badAddress, #"bad IPv4 address "192.0.2""#),
        ("$TTL 1\na A 010.0.0.1", 2, .badAddress, "bad IPv4 address"),
        ("$TTL 1\na A 2001:db8::1", 2, .badAddress, "bad IPv4 address"),
        ("$TTL 1\na AAAA 192.0.2.1", 2, .badAddress, #"bad IPv6 address "192.0.2.1""#),
        ("$TTL 1\na AAAA +1::", 2, .badAddress, "bad IPv6 address"),
        ("$TTL 1\na MX 70000 b", 2, .badNumber, #"MX preference "70000" is out of range (0-65535)"#),
        ("$TTL 1\na MX (10\n\n)", 4, .missingField, "missing MX exchange"),
        ("$TTL 1\na", 2, .missingField, "missing record type"),
        ("$TTL 1\na A 192.0.2.1 extra", 2, .extraField, #"unexpected "extra" after A RDATA"#),
        ("$TTL 1\na TXT " + String(repeating: "x", count: 256), 2, .badRData, "TXT string longer than 255 octets"),
        ("$TTL 1\na CAA 0 is-sue x", 2, .badRData, #"CAA tag "is-sue" must be"#),
        ("$TTL 1\na CAA 256 issue x", 2, .badNumber, #"CAA flags "256" is out of range (0-255)"#),
        ("$TTL 1\na CAA 0 issue", 2, .missingField, "missing CAA value"),
        ("$TTL 1\na SRV 1 2 port x", 2, .badNumber, #"SRV port "port" is not a number"#),
        ("$TTL 1\na TYPE65534 \\# 3 0102", 2, .badRData, ##"\# RDATA length 3 does not match 2 octets"##),
        ("$TTL 1\na TYPE65534 \\# 2 01zz", 2, .badRData, ##"\# RDATA: "01zz" is not hexadecimal"##),
        ("$TTL 1\na TYPE65534 \\# 1 012", 2, .badRData, "\\# RDATA: \"012\" is not an even number of hex digits"),
        ("$TTL 1\na A \\# 3 010203", 2, .badRData, ##"\# RDATA is not valid A data"##),
        ("$TTL 1\na MX \\# 3 000ac0", 2, .badRData, ##"\# RDATA is not valid MX data"##),
        ("$FOO x", 1, .unknownDirective, #"unknown directive "$FOO""#),
        ("$GENERATE 1-2 h$ A 192.0.2.$", 1, .unknownDirective, "$GENERATE is not supported"),
        ("$ORIGIN", 1, .missingField, "missing $ORIGIN name"),
        ("$TTL 1 2", 1, .extraField, #"unexpected "2" after $TTL value"#),
        ("$TTL 1\n$INCLUDE other.zone", 2, .includeFailed, #"$INCLUDE "other.zone" is not allowed here"#),
        ("$INCLUDE \"a\\010b\"", 1, .includeFailed, #"$INCLUDE file name "a\010b" is empty or has control characters"#),
        ("$INCLUDE \"\"", 1, .includeFailed, #"$INCLUDE file name "" is empty"#),
        ("$TTL 1\nwww SOA ns h 1 2 3 4 5", 2, .soaNotAtApex, "SOA record not at top of zone (example.test.)"),
        ("$TTL 1\n@ SOA ns h 1D 2 3 4 5", 2, .badNumber, #"SOA serial "1D" is not a number"#),
        ("$TTL 1\n@ SOA ns h 1 1Q 3 4 5", 2, .badTTL, #"bad SOA refresh "1Q""#),
        ("$TTL 1\n@ SOA ns h 1 2 3 4", 2, .missingField, "missing SOA minimum"),
        ("@ SOA ns h 1 2 3 4 4294967295", 1, .badTTL, "no TTL specified and SOA MINIMUM 4294967295 exceeds"),
    ]

    @Test("each malformed zone fails with its own located, one-line message", arguments: cases)
    func failure(_ text: String, line: Int, code: ZoneFileError.Code, message: String) {
        do {
            let records = try parseZone(text)
            Issue.record("parsed \(records.count) records, expected \(code)")
        } catch {
            #expect(error.code == code)
            #expect(error.file == "zones/example.test")
            #expect(error.line == line)
            #expect(error.description.hasPrefix("zones/example.test:\(line): \(message)"), "\(error)")
            #expect(!error.description.contains("\n"))
        }
    }

    @Test("an error inside an included file names that file and its line")
    func errorInInclude() {
        #expect {
            try parseZone("$TTL 1\n$INCLUDE sub.zone\n", include: { _ in "ok A 192.0.2.1\n\nbad A 300.0.0.1\n" })
        } throws: { error in
            (error as? ZoneFileError)?.description == #"sub.zone:3: bad IPv4 address "300.0.0.1""#
        }
    }

    @Test("an include cycle is reported with its chain")
    func includeCycle() {
        let files = ["a.zone": "$INCLUDE b.zone", "b.zone": "x A 192.0.2.1\n$INCLUDE a.zone"]
        #expect {
            try parseZone("$TTL 1\n$INCLUDE a.zone", include: { files[$0] ?? "" })
        } throws: { error in
            let error = error as? ZoneFileError
            return error?.code == .includeCycle
                && error?.description == #"b.zone:2: $INCLUDE cycle: "a.zone" -> "b.zone" -> "a.zone""#
        }
    }

    @Test("include nesting is limited and a failing loader becomes a one-line error")
    func includeLimits() {
        #expect {
            try parseZone("$INCLUDE f0", include: { path in "$INCLUDE f\(Int(path.dropFirst())! + 1)" })
        } throws: { error in
            (error as? ZoneFileError)?.description == "f9:1: $INCLUDE nested more than 10 deep"
        }
        #expect {
            try parseZone("$TTL 1\n\n$INCLUDE missing.zone", include: { _ in throw CocoaLikeError() })
        } throws: { error in
            (error as? ZoneFileError)?.description
                == #"zones/example.test:3: cannot include "missing.zone": No such file or directory"#
        }
    }
}
