import MailroomConfig
import SMTPProtocol
import SMTPServer

/// Turns `main.cf` settings into one SMTP-family listener's configuration.
enum SMTPSettings {
    /// Port 25 is the MX service, with AUTH only when `smtpd_sasl_auth_enable = yes` (Postfix's default is
    /// no); 587 and 465 are submission (RFC 6409 §4.3: a login is required before MAIL); LMTP is local
    /// delivery (RFC 2033) with no AUTH.
    static func configuration(for listener: MailroomConfig.Listener, settings: Settings) -> SMTPServiceConfiguration {
        let mode: SMTPServerConfiguration.Mode = switch listener {
        case .submission, .submissions: .submission
        case .lmtp: .lmtp
        default: .smtp
        }
        let machine = SMTPServerConfiguration(
            hostname: settings.myhostname, mode: mode,
            maximumMessageSize: settings.messageSizeLimit > 0 ? settings.messageSizeLimit : nil,
            recipientLimit: settings.smtpdRecipientLimit,
            requiresAuthentication: mode == .submission,
            bareLineEnds: settings.smtpdForbidBareNewline == .reject ? .reject : .normalize,
            hopCountLimit: settings.hopcountLimit)
        return SMTPServiceConfiguration(machine: machine, disablePlaintextAuth: settings.disablePlaintextAuth,
                                        loginTrustedNetworks: settings.loginTrustedNetworks,
                                        offersAuthentication: mode == .submission || settings.smtpdSASLAuthEnable,
                                        bareLineEndExclusions: settings.smtpdForbidBareNewlineExclusions)
    }
}
