import MailCore
import Testing

@Suite("EmailAddress")
struct EmailAddressTests {
    @Test("splits at the last @ and lower-cases only the domain (RFC 5321 §2.4)")
    func parse() throws {
        let address = try #require(EmailAddress("Xiong@Example.TEST"))
        #expect(address.localPart == "Xiong")
        #expect(address.domain == "example.test")
        #expect(address.description == "Xiong@example.test")
        #expect(EmailAddress("\"a@b\"@example.test")?.localPart == "\"a@b\"")
    }

    @Test("rejects what is not an address", arguments: ["", "nobody", "@example.test", "alice@", "a b@example.test"])
    func invalid(text: String) {
        #expect(EmailAddress(text) == nil)
    }

    @Test("a bare login means name@defaultDomain (interface.md, Logins)")
    func login() {
        #expect(EmailAddress(login: "alice", defaultDomain: "example.test")?.description == "alice@example.test")
        #expect(EmailAddress(login: "bob@other.test", defaultDomain: "example.test")?.description == "bob@other.test")
    }

    @Test("the canonical form compares case-insensitively")
    func canonical() {
        #expect(EmailAddress("Root@Example.test")?.canonical == EmailAddress("root@example.TEST")?.canonical)
    }
}
