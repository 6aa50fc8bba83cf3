import MailCore
import MailroomConfig
import SMTPProtocol
import Testing

@testable import MailroomApp
@testable import SMTPServer

/// main.cf → each SMTP listener's configuration, with Postfix 3.9's security defaults.
@Suite("SMTP listener settings")
struct SMTPSettingsTests {
    private func settings(_ text: String = "") throws -> Settings {
        try Settings.parse("myhostname = mail.example.test\n" + text, file: "mailroom.cf").settings
    }

    @Test("port 25 offers no AUTH unless smtpd_sasl_auth_enable = yes; submission always does")
    func authenticationOnPort25() throws {
        let loopback = IPAddress("127.0.0.1")
        let smtp = SMTPSettings.configuration(for: .smtp, settings: try settings())
            .machineConfiguration(clientAddress: loopback, implicitTLS: false, canStartTLS: true)
        #expect(smtp.authentication == .disabled)
        let enabled = SMTPSettings.configuration(for: .smtp, settings: try settings("smtpd_sasl_auth_enable = yes\n"))
            .machineConfiguration(clientAddress: loopback, implicitTLS: false, canStartTLS: true)
        #expect(enabled.authentication != .disabled)
        let submission = SMTPSettings.configuration(for: .submission, settings: try settings())
            .machineConfiguration(clientAddress: IPAddress("192.0.2.1"), implicitTLS: false, canStartTLS: true)
        #expect(submission.authentication == .enabledUnderTLS)
    }

    @Test("smtpd_forbid_bare_newline: normalize by default; reject (or yes) except for the exclusions, $mynetworks by default",
          arguments: [("", DataStreamDecoder.BareLineEndPolicy.normalize, DataStreamDecoder.BareLineEndPolicy.normalize),
                      ("smtpd_forbid_bare_newline = reject\n", .reject, .normalize),
                      ("smtpd_forbid_bare_newline = yes\nsmtpd_forbid_bare_newline_exclusions =\n", .reject, .reject),
                      ("smtpd_forbid_bare_newline = no\n", .normalize, .normalize)])
    func bareNewline(_ text: String, _ outside: DataStreamDecoder.BareLineEndPolicy,
                     _ inside: DataStreamDecoder.BareLineEndPolicy) throws {
        let configuration = SMTPSettings.configuration(for: .smtp, settings: try settings("mynetworks = 192.0.2.0/24\n" + text))
        #expect(configuration.machineConfiguration(clientAddress: IPAddress("198.51.100.1"), implicitTLS: false,
                                                   canStartTLS: false).bareLineEnds == outside)
        #expect(configuration.machineConfiguration(clientAddress: IPAddress("192.0.2.7"), implicitTLS: false,
                                                   canStartTLS: false).bareLineEnds == inside)
    }
}
