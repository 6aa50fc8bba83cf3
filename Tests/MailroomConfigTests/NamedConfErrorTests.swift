import Testing
@testable import MailroomConfig

@Suite("named.conf: errors")
struct NamedConfErrorTests {
    private func message(_ text: String, files: [String: String] = [:]) -> String? {
        NamedConfTestSupport.failure(text, files: files)?.description
    }

    private let zone = "zone \"example.test\" { type master; file \"z\"; };\n"

    @Test("an unterminated string names the line of its opening quote")
    func unterminatedString() {
        #expect(message("options {\n directory \"/tmp;\n};\n") == "named.conf:2: unterminated string: missing closing '\"'")
        #expect(message("options { directory \"/tmp") == "named.conf:1: unterminated string: missing closing '\"'")
        #expect(NamedConfTestSupport.failure("x \"a")?.code == .syntax)
    }

    @Test("an unterminated block names the line of its opening brace")
    func unterminatedBlock() {
        #expect(message("// c\nzone \"a\" {\n type master;\n file \"z\";\n") == "named.conf:2: unterminated block: \"{\" is never closed by \"}\"")
    }

    @Test("an unterminated comment names the line where it starts")
    func unterminatedComment() {
        #expect(message("\n\n/* no end\n zone") == "named.conf:3: unterminated comment: \"/*\" is never closed by \"*/\"")
    }

    @Test("a missing semicolon is reported where the next statement starts")
    func missingSemicolon() {
        #expect(message("zone \"a\" {\n type master\n file \"z\";\n};\n") == "named.conf:3: missing \";\" before \"file\" (expected type \"VALUE\";)")
        #expect(message("zone \"a\" { type master; file \"z\" };") == "named.conf:1: missing \";\" after \"z\" before \"}\"")
        #expect(message("zone \"a\" { type master; file \"z\"; }\nzone \"b\" { type master; file \"y\"; };") == "named.conf:2: missing \";\" before \"zone\" (expected zone \"NAME\" [IN] { type primary; file \"FILE\"; };)")
        #expect(message(zone + "controls { }") == "named.conf:2: missing \";\" after \"{\" at end of file")
        #expect(message("acl a { 10.0.0.1 10.0.0.2; };") == "named.conf:1: missing \";\" before \"10.0.0.2\" (expected an address, prefix, ACL name, key NAME or { list })")
    }

    @Test("stray braces and semicolons are syntax errors")
    func strayPunctuation() {
        #expect(message("};") == "named.conf:1: unexpected \"}\" with no open block")
        #expect(message(zone + ";") == "named.conf:2: unexpected \";\" (empty statement)")
    }

    @Test("unknown statements and options are named")
    func unknown() {
        #expect(message("frobnicate yes;") == "named.conf:1: unknown or unsupported statement \"frobnicate\"")
        #expect(NamedConfTestSupport.failure("frobnicate yes;")?.code == .unknownSetting)
        #expect(message("options {\n  blorp 1;\n};") == "named.conf:2: unknown or unsupported option \"blorp\" in options")
        #expect(message("zone \"a\" { type master; file \"z\"; inline-signing yes; };") == "named.conf:1: zone \"a\": unknown or unsupported option \"inline-signing\"")
        #expect(message("key k { algorithm hmac-sha1; secret \"AA==\"; color blue; };") == "named.conf:1: key \"k\": unknown or unsupported option \"color\"")
    }

    @Test("secondary and forward zones are refused")
    func zoneTypes() {
        #expect(message("zone \"example.test\" IN {\n type slave;\n file \"z\";\n masters { 192.0.2.1; };\n};")
            == "named.conf:2: zone \"example.test\": zone type slave is not supported: mailroom serves primary zones only")
        #expect(message("zone \"a\" { type forward; forwarders { 1.1.1.1; }; };") == "named.conf:1: zone \"a\": zone type forward is not supported: mailroom serves primary zones only")
        #expect(message("zone \"a\" { type secondary; };")?.contains("zone type secondary is not supported") == true)
    }

    @Test("zones without type or file, duplicates, other classes and bad names are refused")
    func zoneShape() {
        #expect(message("zone \"a\" { file \"z\"; };") == "named.conf:1: zone \"a\" has no type")
        #expect(message("zone \"a\" { type master; };") == "named.conf:1: zone \"a\" has no file")
        #expect(message(zone + "zone \"Example.Test.\" { type primary; file \"y\"; };") == "named.conf:2: zone \"Example.Test.\" is already defined at named.conf:1")
        #expect(message("zone \"a\" CH { type master; file \"z\"; };") == "named.conf:1: zone \"a\": class CH is not supported: mailroom serves class IN only")
        #expect(message("zone \"a..b\" { type master; file \"z\"; };") == "named.conf:1: zone \"a..b\" is not a domain name")
        #expect(message("zone \"a\" { type master; type master; file \"z\"; };") == "named.conf:1: \"type\" is already set at named.conf:1")
    }

    @Test("dynamic updates, recursion, forwarders and views are refused")
    func unsupportedMeaning() {
        #expect(message("zone \"a\" { type master; file \"z\"; allow-update { 127.0.0.1; }; };") == "named.conf:1: zone \"a\": allow-update is not supported: mailroom does not accept dynamic updates (only { none; })")
        #expect(message("zone \"a\" { type master; file \"z\"; update-policy local; };")?.contains("update-policy is not supported") == true)
        #expect(message("options { recursion yes; };") == "named.conf:1: recursion yes is not supported: mailroom is an authoritative-only server")
        #expect(message("options { recursion maybe; };") == "named.conf:1: \"recursion\" must be yes or no, not \"maybe\"")
        #expect(message("options { forwarders { 8.8.8.8; }; };") == "named.conf:1: forwarders is not supported: mailroom does not forward queries")
        #expect(message("view \"inside\" { };") == "named.conf:1: view is not supported: mailroom serves one set of zones to every client")
        #expect(message("options { };\noptions { };") == "named.conf:2: options is already defined at named.conf:1")
    }

    @Test("keys need a supported algorithm and base64 secret, and unique names")
    func keys() {
        #expect(message("key k {\n algorithm hmac-sha256;\n secret \"not base64!\";\n};") == "named.conf:3: key \"k\": secret is not valid base64")
        #expect(message("key k { algorithm hmac-sha256; secret \"\"; };") == "named.conf:1: key \"k\": secret is not valid base64")
        #expect(message("key k { algorithm hmac-md5; secret \"AA==\"; };") == "named.conf:1: key \"k\": algorithm hmac-md5 is not supported (use one of hmac-sha1, hmac-sha224, hmac-sha256, hmac-sha384, hmac-sha512)")
        #expect(message("key k { secret \"AA==\"; };") == "named.conf:1: key \"k\" has no algorithm")
        #expect(message("key k { algorithm hmac-sha1; };") == "named.conf:1: key \"k\" has no secret")
        #expect(message("key k { algorithm hmac-sha1; secret \"AA==\"; };\nkey \"K.\" { algorithm hmac-sha1; secret \"AA==\"; };") == "named.conf:2: key \"K.\" is already defined at named.conf:1")
    }

    @Test("unknown ACLs and keys, self-referring ACLs and redefined built-ins are refused")
    func references() {
        #expect(message("options { allow-query { trusted; }; };") == "named.conf:1: unknown ACL \"trusted\"")
        #expect(NamedConfTestSupport.failure("options { allow-query { trusted; }; };")?.code == .undefinedReference)
        #expect(message("zone \"a\" {\n type master;\n file \"z\";\n allow-transfer { key \"nope\"; };\n};") == "named.conf:4: unknown key \"nope\"")
        #expect(message("acl a { b; };\nacl b { !a; };") == "named.conf:1: ACL \"a\" refers to itself")
        #expect(message("acl any { 10.0.0.1; };") == "named.conf:1: acl \"any\" redefines a built-in ACL")
        #expect(message("acl a { 1.2.3.4; };\nacl A { 1.2.3.4; };") == "named.conf:2: acl \"A\" is already defined at named.conf:1")
    }

    @Test("malformed addresses and prefixes are refused")
    func addresses() {
        #expect(message("acl a { 192.0.2.300; };") == "named.conf:1: \"192.0.2.300\" is not an IP address or prefix")
        #expect(message("acl a { 192.0.2.0/33; };") == "named.conf:1: \"192.0.2.0/33\" has a bad prefix length")
        #expect(message("acl a { 192.0.2.1/24; };") == "named.conf:1: \"192.0.2.1/24\": address has bits set beyond the /24 prefix (did you mean 192.0.2.0/24?)")
        #expect(message("acl a { !; };") == "named.conf:1: \"!\" must be followed by an address match element")
        #expect(message("acl a { key; };") == "named.conf:1: \"key\" must be followed by a key name")
        #expect(message("options { listen-on port 99999 { any; }; };") == "named.conf:1: \"listen-on\": port \"99999\" is not a number from 0 to 65535")
        #expect(message("options { listen-on tls x { any; }; };") == "named.conf:1: \"listen-on\": \"tls\" is not supported (only port N)")
    }

    @Test("an unreadable or self-including include is reported at the include statement")
    func includes() {
        #expect(message("\ninclude \"/etc/missing.conf\";") == "named.conf:2: include \"/etc/missing.conf\": no such file")
        #expect(NamedConfTestSupport.failure("include \"/etc/missing.conf\";")?.code == .unreadable)
        #expect(message("include \"a.conf\";", files: ["a.conf": "include \"a.conf\";"]) == "a.conf:1: include \"a.conf\" forms a loop (the file is already being read)")
        #expect(message("include \"a.conf\";", files: ["a.conf": "include \"b.conf\";", "b.conf": "\ninclude \"a.conf\";"])
            == "b.conf:2: include \"a.conf\" forms a loop (the file is already being read)")
        #expect(NamedConfTestSupport.failure("include \"a.conf\";", files: ["a.conf": "include \"a.conf\";"])?.code == .cycle)
        // Paths spelled differently evade the loop check; the depth limit still stops them.
        let deep = Dictionary(uniqueKeysWithValues: (0..<20).map { ("d\($0)", "include \"d\($0 + 1)\";") })
        #expect(message("include \"d0\";", files: deep) == "d15:1: include \"d16\" nests includes more than 16 deep")
        #expect(message("include a.conf;") == "named.conf:1: include needs a quoted file name")
        #expect(message("include \"b.conf\";", files: ["b.conf": "\nzone \"x\" { type slave; };"]) == "b.conf:2: zone \"x\": zone type slave is not supported: mailroom serves primary zones only")
    }
}
