@testable import Accounts
import Testing

@Suite("Password hashes (crypt(5), Dovecot password schemes)")
struct PasswordHashTests {
    @Test("crypt(3) hashes made by other tools verify", arguments: [
        Fixture.yescrypt, Fixture.sha512, Fixture.sha512Mkpasswd, Fixture.sha256, Fixture.bcrypt, Fixture.md5,
    ])
    func verifiesForeignHashes(hash: String) {
        let stored = PasswordHash(crypt: hash)
        #expect(stored.verify(Fixture.password))
        #expect(!stored.verify("correct horsE"))
        #expect(!stored.verify(""))
        #expect(!stored.verify(Fixture.password + "\0anything"))
    }

    @Test("a passwd-file field without a scheme is a crypt string (Dovecot's default scheme)")
    func bareFieldIsCrypt() {
        #expect(PasswordHash(passwdFileField: Fixture.sha512).verify(Fixture.password))
    }

    @Test("crypt scheme prefixes", arguments: [
        "{CRYPT}" + Fixture.yescrypt, "{YESCRYPT}" + Fixture.yescrypt, "{SHA512-CRYPT}" + Fixture.sha512,
        "{SHA256-CRYPT}" + Fixture.sha256, "{BLF-CRYPT}" + Fixture.bcrypt, "{MD5-CRYPT}" + Fixture.md5,
        "{sha512-crypt}" + Fixture.sha512,
    ])
    func cryptSchemes(field: String) {
        let stored = PasswordHash(passwdFileField: field)
        #expect(stored.verify(Fixture.password))
        #expect(!stored.verify("wrong"))
    }

    @Test("plaintext schemes", arguments: ["{PLAIN}", "{CLEARTEXT}", "{plain}"])
    func plainSchemes(prefix: String) {
        let stored = PasswordHash(passwdFileField: prefix + "s3cret:x")
        #expect(stored.verify("s3cret:x"))
        #expect(!stored.verify("s3cret"))
        #expect(!stored.verify("s3cret:xy"))
    }

    @Test("an unknown scheme never verifies")
    func unknownScheme() {
        #expect(!PasswordHash(passwdFileField: "{SSHA}s3cret").verify("s3cret"))
        #expect(!PasswordHash(passwdFileField: "{SSHA}").verify(""))
    }

    @Test("locked, disabled and empty hashes never verify", arguments: ["*", "!", "*0", "", "x", "!" + Fixture.sha512, "!!"])
    func unusableHashes(hash: String) {
        #expect(!PasswordHash(crypt: hash).verify(Fixture.password))
        #expect(!PasswordHash(crypt: hash).verify(""))
        #expect(!PasswordHash(passwdFileField: hash).verify(hash))
    }

    @Test("new hashes are yescrypt, salted, and verify")
    func makesYescrypt() throws {
        let first = try PasswordHash.make(password: "new password")
        let second = try PasswordHash.make(password: "new password")
        #expect(first.passwdFileField.hasPrefix("{CRYPT}$y$"))
        #expect(first.passwdFileField != second.passwdFileField)
        #expect(first.verify("new password"))
        #expect(!first.verify("new passwordx"))
        #expect(PasswordHash(passwdFileField: first.passwdFileField).verify("new password"))
    }

    @Test("a password with NUL cannot be hashed")
    func rejectsNUL() {
        #expect(throws: AccountsError.self) { try PasswordHash.make(password: "a\0b") }
    }

    @Test("description never shows the hash")
    func descriptionHidesHash() {
        #expect(!"\(PasswordHash(crypt: Fixture.sha512))".contains("saltsalt6"))
        #expect(!"\(PasswordHash(passwdFileField: "{PLAIN}s3cret"))".contains("s3cret"))
    }

    @Test("constant-time comparison")
    func constantTime() {
        #expect(constantTimeEquals(Array("abc".utf8), Array("abc".utf8)))
        #expect(constantTimeEquals([UInt8](), [UInt8]()))
        #expect(!constantTimeEquals(Array("abc".utf8), Array("abd".utf8)))
        #expect(!constantTimeEquals(Array("abc".utf8), Array("abcd".utf8)))
        #expect(!constantTimeEquals(Array("abc\0".utf8), Array("abc".utf8)))
        #expect(!constantTimeEquals(Array("".utf8), Array("a".utf8)))
    }
}
