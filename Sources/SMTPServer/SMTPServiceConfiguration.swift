import Accounts
import MailCore
import SMTPProtocol

/// What one SMTP, submission or LMTP listener does, as the app builds it from `main.cf`.
public struct SMTPServiceConfiguration: Sendable {
    /// The machine's settings; `tlsActive`, `offersSTARTTLS` and `authentication` are filled per connection.
    public var machine: SMTPServerConfiguration
    /// Whether AUTH needs TLS for a client (`disable_plaintext_auth`, `login_trusted_networks`).
    public var plaintextLogins: PlaintextLoginPolicy
    /// Whether this listener offers AUTH at all (Postfix `smtpd_sasl_auth_enable`: off on port 25 by
    /// default, on for submission).
    public var offersAuthentication: Bool
    /// Clients whose bare line ends are normalised even when `machine.bareLineEnds` is `reject`
    /// (Postfix `smtpd_forbid_bare_newline_exclusions`).
    public var bareLineEndExclusions: [IPNetwork]

    /// A listener configuration.
    public init(machine: SMTPServerConfiguration, disablePlaintextAuth: Bool, loginTrustedNetworks: [IPNetwork],
                offersAuthentication: Bool = true, bareLineEndExclusions: [IPNetwork] = []) {
        self.machine = machine
        self.plaintextLogins = PlaintextLoginPolicy(disablePlaintextAuth: disablePlaintextAuth,
                                                    trustedNetworks: loginTrustedNetworks)
        self.offersAuthentication = offersAuthentication
        self.bareLineEndExclusions = bareLineEndExclusions
    }

    /// The machine configuration for one connection: TLS state, STARTTLS, and whether plaintext AUTH
    /// is allowed for this client (RFC 4954 §4: mechanisms that expose passwords need TLS unless the
    /// operator trusts the network).
    func machineConfiguration(clientAddress: IPAddress?, implicitTLS: Bool, canStartTLS: Bool) -> SMTPServerConfiguration {
        var configuration = machine
        configuration.tlsActive = implicitTLS
        configuration.offersSTARTTLS = canStartTLS
        if let client = clientAddress, bareLineEndExclusions.contains(where: { $0.contains(client) }) {
            configuration.bareLineEnds = .normalize
        }
        if configuration.mode == .lmtp || !offersAuthentication {
            configuration.authentication = .disabled
        } else if plaintextLogins.allowsPlaintextWithoutTLS(from: clientAddress) {
            configuration.authentication = .enabled
        } else {
            configuration.authentication = .enabledUnderTLS
        }
        return configuration
    }
}
