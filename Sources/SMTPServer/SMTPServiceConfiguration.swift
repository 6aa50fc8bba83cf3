import MailCore
import SMTPProtocol

/// What one SMTP, submission or LMTP listener does, as the app builds it from `main.cf`.
public struct SMTPServiceConfiguration: Sendable {
    /// The machine's settings; `tlsActive`, `offersSTARTTLS` and `authentication` are filled per connection.
    public var machine: SMTPServerConfiguration
    /// Dovecot's `disable_plaintext_auth`: AUTH only under TLS, except from trusted networks and loopback.
    public var disablePlaintextAuth: Bool
    /// Dovecot's `login_trusted_networks`.
    public var loginTrustedNetworks: [IPNetwork]

    /// A listener configuration.
    public init(machine: SMTPServerConfiguration, disablePlaintextAuth: Bool, loginTrustedNetworks: [IPNetwork]) {
        self.machine = machine
        self.disablePlaintextAuth = disablePlaintextAuth
        self.loginTrustedNetworks = loginTrustedNetworks
    }

    /// The machine configuration for one connection: TLS state, STARTTLS, and whether plaintext AUTH
    /// is allowed for this client (RFC 4954 §4: mechanisms that expose passwords need TLS unless the
    /// operator trusts the network).
    func machineConfiguration(clientAddress: IPAddress?, implicitTLS: Bool, canStartTLS: Bool) -> SMTPServerConfiguration {
        var configuration = machine
        configuration.tlsActive = implicitTLS
        configuration.offersSTARTTLS = canStartTLS
        if configuration.mode == .lmtp {
            configuration.authentication = .disabled
        } else if disablePlaintextAuth && !isTrusted(clientAddress) {
            configuration.authentication = .enabledUnderTLS
        } else {
            configuration.authentication = .enabled
        }
        return configuration
    }

    private func isTrusted(_ address: IPAddress?) -> Bool {
        guard let address = address?.unmapped else { return false }
        if IPNetwork("127.0.0.0/8")!.contains(address) || address == IPAddress("::1") { return true }
        return loginTrustedNetworks.contains { $0.contains(address) }
    }
}
