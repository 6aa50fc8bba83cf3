extension IMAPServerMachine {
    /// What the server knows about the client across states; forgotten at STARTTLS (RFC 9051 §6.2.1).
    struct Session: Sendable {
        var tlsActive: Bool
        var badCommands = 0
        /// Logins refused for wrong credentials; kept across STARTTLS, like `badCommands`.
        var failedLogins = 0
        var authenticated = false
        /// ENABLE IMAP4rev2 (RFC 9051 §6.3.1); IMAP4rev1 until then.
        var revision = ResponseEncodingOptions.Revision.imap4rev1
        /// ENABLE UTF8=ACCEPT (RFC 6855 §3).
        var utf8Accepted = false
        /// ENABLE CONDSTORE (RFC 7162 §3.1), or a SELECT with the CONDSTORE parameter.
        var condstoreEnabled = false

        init(tlsActive: Bool, badCommands: Int = 0, failedLogins: Int = 0) {
            self.tlsActive = tlsActive
            self.badCommands = badCommands
            self.failedLogins = failedLogins
        }

        /// Mailbox names are UTF-8 on the wire (RFC 9051 §5.1, RFC 6855 §3).
        var utf8Names: Bool { revision == .imap4rev2 || utf8Accepted }
    }

    /// The mailbox of the selected state: all the machine keeps of it (the driver owns its messages).
    struct SelectedMailbox: Sendable, Hashable {
        /// The Unicode name.
        var name: String
        /// EXAMINEd, or opened read-only by the driver.
        var readOnly: Bool
    }

    /// The personal namespace's hierarchy delimiter (RFC 9051 §5.1.1, §6.3.10).
    public static let hierarchyDelimiter: Character = "/"

    /// Plaintext logins are allowed now (RFC 9051 §6.2.3; Dovecot's `disable_plaintext_auth`).
    var plaintextAllowed: Bool { session.tlsActive || configuration.allowsPlaintextWithoutTLS }

    /// The capabilities advertised now (RFC 9051 §7.2.2): before login the ways to log in (STARTTLS
    /// until TLS is on; AUTH= and SASL-IR when plaintext logins are allowed, LOGINDISABLED when not),
    /// after login none of those but the storage's own extensions.
    public var capabilities: [String] {
        var names = ["IMAP4rev1", "IMAP4rev2"]
        if !session.authenticated {
            if configuration.offersSTARTTLS, !session.tlsActive { names.append("STARTTLS") }
            names += plaintextAllowed ? ["AUTH=PLAIN", "AUTH=LOGIN", "SASL-IR"] : ["LOGINDISABLED"]
        }
        let literal = configuration.limits.nonSynchronizingLiteralSize == nil ? "LITERAL+" : "LITERAL-"
        names += ["IDLE", "UIDPLUS", "MOVE", literal, "NAMESPACE", "ID", "ENABLE", "UNSELECT", "CHILDREN",
                  "SPECIAL-USE", "LIST-EXTENDED", "LIST-STATUS", "ESEARCH", "SEARCHRES", "BINARY", "STATUS=SIZE",
                  "APPENDLIMIT=\(configuration.limits.messageSize)"]
        if session.authenticated { names += configuration.additionalCapabilities }
        return names
    }
}
