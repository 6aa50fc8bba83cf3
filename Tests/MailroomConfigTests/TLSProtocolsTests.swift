import Testing
@testable import MailroomConfig

@Suite("smtp_tls_protocols and smtp_tls_mandatory_protocols (postconf(5))")
struct TLSProtocolsTests {
    @Test("Postfix's forms: >= and <= bounds (names, hexadecimal numbers, empty or None; the last of each counts), ! exclusions, inclusions; SSLv2 and SSLv3 never offered", arguments: [
        (">=TLSv1", TLSProtocols.Version.tls1_0, TLSProtocols.Version.tls1_3),
        ("", .tls1_0, .tls1_3),
        ("!SSLv2, !SSLv3", .tls1_0, .tls1_3),
        ("!SSLv2:!SSLv3:!TLSv1:!TLSv1.1", .tls1_2, .tls1_3),
        (">=TLSv1.2", .tls1_2, .tls1_3),
        ("<=TLSv1.2", .tls1_0, .tls1_2),
        (">=TLSv1.1 <=TLSv1.2", .tls1_1, .tls1_2),
        ("TLSv1.2 TLSv1.3", .tls1_2, .tls1_3),
        ("SSLv3, TLSv1.3", .tls1_3, .tls1_3),
        ("tlsv1.2", .tls1_2, .tls1_2),
        (">=SSLv3", .tls1_0, .tls1_3),
        (">=0x0303", .tls1_2, .tls1_3),
        (">=TLSv1.2, <=0305", .tls1_2, .tls1_3),
        ("<=0303", .tls1_0, .tls1_2),
        (">=0x0302 <=", .tls1_1, .tls1_3),
        (">=None", .tls1_0, .tls1_3),
        (">=TLSv1.3 >=TLSv1.1", .tls1_1, .tls1_3),
    ])
    func forms(text: String, minimum: TLSProtocols.Version, maximum: TLSProtocols.Version) throws {
        #expect(try TLSProtocols.parse(text) == TLSProtocols(minimum: minimum, maximum: maximum))
    }

    @Test("a gap offers the versions below it, as OpenSSL does with the list Postfix gives it")
    func gap() throws {
        #expect(try TLSProtocols.parse("!TLSv1.1") == TLSProtocols(minimum: .tls1_0, maximum: .tls1_0))
        #expect(try TLSProtocols.parse("!TLSv1, !TLSv1.2") == TLSProtocols(minimum: .tls1_1, maximum: .tls1_1))
    }

    @Test("an unknown name, or a list that allows no TLS version, is an error", arguments: [
        "TLSv1.4", ">=TLSv2", "SSLv3", "<=SSLv3", "!TLSv1 !TLSv1.1 !TLSv1.2 !TLSv1.3", ">=TLSv1.3 <=TLSv1.2", "=TLSv1.2",
        ">=0x0305", ">=0xZZ", "<=0x12345", "!0x0303", ">=-1", ">=+303",
    ])
    func refused(text: String) {
        #expect(throws: ValueError.self) { try TLSProtocols.parse(text) }
    }
}
