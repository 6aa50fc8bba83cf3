import Accounts
import Foundation
import Testing

@Suite("SASL PLAIN (RFC 4616) and LOGIN (draft-murchison-sasl-login)")
struct SASLExchangeTests {
    private static func base64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }

    private static func plain(initialResponse: String) -> SASLAction {
        var exchange = SASLExchange(mechanism: .plain)
        return exchange.start(initialResponse: initialResponse)
    }

    @Test("mechanism names are case-insensitive")
    func mechanismNames() {
        #expect(SASLMechanism(name: "plain") == .plain)
        #expect(SASLMechanism(name: "Login") == .login)
        #expect(SASLMechanism(name: "CRAM-MD5") == nil)
        #expect(SASLMechanism.allCases.map(\.name) == ["PLAIN", "LOGIN"])
    }

    @Test("RFC 4616 §4 examples")
    func rfcExamples() {
        // "tim" acting as himself, with an empty authorization identity.
        #expect(Self.plain(initialResponse: Self.base64("\0tim\0tanstaaftanstaaf")) == .credentials(login: "tim", password: "tanstaaftanstaaf"))
        // "Ursel" asking to act as "Kurt": mailroom has no proxy users.
        #expect(Self.plain(initialResponse: Self.base64("Kurt\0Ursel\0kurt\u{308}")) == .failed(.authorizationDenied))
    }

    @Test("PLAIN with an authorization identity equal to the login")
    func plainSameAuthzid() {
        #expect(Self.plain(initialResponse: Self.base64("Alice\0alice\0pw")) == .credentials(login: "alice", password: "pw"))
    }

    @Test("PLAIN after an empty challenge")
    func plainChallenge() {
        var exchange = SASLExchange(mechanism: .plain)
        #expect(exchange.start(initialResponse: nil) == .challenge(""))
        #expect(exchange.receive(Self.base64("\0alice@example.test\0p\u{e4}ss")) == .credentials(login: "alice@example.test", password: "p\u{e4}ss"))
    }

    @Test("malformed PLAIN messages", arguments: [
        "\0tim", "tim\0pw", "\0\0pw", "\0tim\0", "a\0tim\0pw\0extra", "",
    ])
    func plainMalformed(message: String) {
        #expect(Self.plain(initialResponse: message.isEmpty ? "=" : Self.base64(message)) == .failed(.malformedResponse))
    }

    @Test("PLAIN that is not UTF-8")
    func plainNotUTF8() {
        let bytes: [UInt8] = [0, 0x74, 0, 0xFF, 0xFE]
        #expect(Self.plain(initialResponse: Data(bytes).base64EncodedString()) == .failed(.malformedResponse))
    }

    @Test("responses that are not base64", arguments: ["not base64!", "AG==x", "\u{e9}"])
    func invalidBase64(line: String) {
        var exchange = SASLExchange(mechanism: .plain)
        _ = exchange.start(initialResponse: nil)
        #expect(exchange.receive(line) == .failed(.invalidBase64))
    }

    @Test("RFC 4954 §4: * cancels", arguments: SASLMechanism.allCases)
    func cancel(mechanism: SASLMechanism) {
        var exchange = SASLExchange(mechanism: mechanism)
        _ = exchange.start(initialResponse: nil)
        #expect(exchange.receive("*") == .failed(.cancelled))
        var initial = SASLExchange(mechanism: mechanism)
        #expect(initial.start(initialResponse: "*") == .failed(.cancelled))
    }

    @Test("LOGIN asks Username: then Password:")
    func loginSequence() {
        var exchange = SASLExchange(mechanism: .login)
        #expect(exchange.start(initialResponse: nil) == .challenge("VXNlcm5hbWU6"))
        #expect(exchange.receive(Self.base64("alice")) == .challenge("UGFzc3dvcmQ6"))
        #expect(exchange.receive(Self.base64("s3cret pw")) == .credentials(login: "alice", password: "s3cret pw"))
    }

    @Test("LOGIN with the username as initial response")
    func loginInitialResponse() {
        var exchange = SASLExchange(mechanism: .login)
        #expect(exchange.start(initialResponse: Self.base64("alice")) == .challenge("UGFzc3dvcmQ6"))
        #expect(exchange.receive(Self.base64("pw")) == .credentials(login: "alice", password: "pw"))
    }

    @Test("LOGIN cancelled at the password prompt")
    func loginCancelAtPassword() {
        var exchange = SASLExchange(mechanism: .login)
        _ = exchange.start(initialResponse: nil)
        _ = exchange.receive(Self.base64("alice"))
        #expect(exchange.receive("*") == .failed(.cancelled))
    }

    @Test("LOGIN rejects empty usernames, NULs and bad base64")
    func loginMalformed() {
        var empty = SASLExchange(mechanism: .login)
        _ = empty.start(initialResponse: nil)
        #expect(empty.receive("") == .failed(.malformedResponse))

        var nul = SASLExchange(mechanism: .login)
        _ = nul.start(initialResponse: nil)
        _ = nul.receive(Self.base64("alice"))
        #expect(nul.receive(Self.base64("pw\0x")) == .failed(.malformedResponse))

        var garbage = SASLExchange(mechanism: .login)
        _ = garbage.start(initialResponse: nil)
        #expect(garbage.receive("!!!") == .failed(.invalidBase64))
    }
}
