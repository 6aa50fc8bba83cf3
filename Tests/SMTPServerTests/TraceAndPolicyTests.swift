import Foundation
import MailCore
import SMTPProtocol
import Testing

@testable import SMTPServer

@Suite("Received header and AUTH policy")
struct TraceAndPolicyTests {
    @Test("Received: in Postfix's layout, `for` only with one recipient (RFC 5321 §4.4)")
    func received() {
        setenv("TZ", "UTC", 1)
        tzset()
        let date = Date(timeIntervalSince1970: 1_795_656_225)
        let one = ReceivedHeader(heloName: "client.example", clientAddress: IPAddress("192.0.2.7"),
                                 hostname: "mail.example.test", protocolWord: "ESMTPSA", recipient: "root@example.test",
                                 date: date)
        #expect(one.text == "Received: from client.example (unknown [192.0.2.7])\r\n"
            + "\tby mail.example.test (mailroom) with ESMTPSA\r\n"
            + "\tfor <root@example.test>; Thu, 26 Nov 2026 01:23:45 +0000 (UTC)\r\n")
        let many = ReceivedHeader(heloName: nil, clientAddress: nil, hostname: "mail.example.test",
                                  protocolWord: "ESMTP", recipient: nil, date: date)
        #expect(many.text == "Received: from unknown (unknown)\r\n"
            + "\tby mail.example.test (mailroom) with ESMTP; Thu, 26 Nov 2026 01:23:45 +0000 (UTC)\r\n")
    }

    @Test("plaintext AUTH: only under TLS, unless loopback or a trusted network (disable_plaintext_auth)")
    func authenticationPolicy() {
        let base = SMTPServerConfiguration(hostname: "mail.example.test", mode: .submission)
        let strict = SMTPServiceConfiguration(machine: base, disablePlaintextAuth: true,
                                              loginTrustedNetworks: [IPNetwork("192.168.1.0/24")!])
        func policy(_ configuration: SMTPServiceConfiguration, _ address: String) -> SMTPServerConfiguration.AuthenticationPolicy {
            configuration.machineConfiguration(clientAddress: IPAddress(address), implicitTLS: false, canStartTLS: true)
                .authentication
        }
        #expect(policy(strict, "203.0.113.5") == .enabledUnderTLS)
        #expect(policy(strict, "192.168.1.20") == .enabled)
        #expect(policy(strict, "127.0.0.1") == .enabled)
        #expect(policy(strict, "::1") == .enabled)
        let relaxed = SMTPServiceConfiguration(machine: base, disablePlaintextAuth: false, loginTrustedNetworks: [])
        #expect(policy(relaxed, "203.0.113.5") == .enabled)
        let lmtp = SMTPServiceConfiguration(machine: SMTPServerConfiguration(hostname: "h", mode: .lmtp),
                                            disablePlaintextAuth: false, loginTrustedNetworks: [])
        #expect(policy(lmtp, "127.0.0.1") == .disabled)
        let tls = strict.machineConfiguration(clientAddress: nil, implicitTLS: true, canStartTLS: false)
        #expect(tls.tlsActive && !tls.offersSTARTTLS)
    }
}
