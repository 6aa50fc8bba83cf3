import MailCore

extension SMTPServerMachine {
    /// What the server knows about the client between transactions (RFC 5321 §4.1.4); reset by STARTTLS
    /// except for the error count.
    struct Session: Sendable {
        var heloName: HeloName?
        /// EHLO or LHLO was given (extensions usable).
        var extended = false
        var tlsActive: Bool
        var identity: String?
        var errors = 0
    }

    /// One mail transaction, from MAIL to the end of the body (RFC 5321 §3.3).
    struct Transaction: Sendable {
        var reversePath: ReversePath
        var parameters: MailParameters
        var recipients: [EnvelopeRecipient] = []
        /// RCPT commands tried, to tell "need RCPT" (503) from "no valid recipients" (554).
        var recipientAttempts = 0
        /// Body octets so far (all BDAT chunks, or the DATA stream).
        var bodySize = 0
        /// The body went over the limit; the rest is read and dropped.
        var tooBig = false
        /// A BDAT chunk was accepted: a delivery is open, DATA and RCPT are out of sequence (RFC 3030 §2).
        var chunking = false
        /// The message's `Received:` fields, for the loop check (`hopcount_limit`).
        var hops = HopCounter()
    }

    /// A BDAT chunk being read (RFC 3030 §2).
    struct Chunk: Sendable {
        var remaining: Int
        var last: Bool
        /// The reply after the chunk when it is being discarded.
        var failure: SMTPReply?
        /// The discarded chunk belonged to an open delivery, which must be aborted.
        var abortsMessage = false
    }

    /// The EHLO/LHLO reply, extensions in a fixed order (Postfix's) so clients and tests see a stable list.
    func extendedHelloReply(_ session: Session) -> SMTPReply {
        var lines = [configuration.hostname, "PIPELINING"]
        lines.append(configuration.maximumMessageSize.map { "SIZE \($0)" } ?? "SIZE")
        if configuration.offersSTARTTLS, !session.tlsActive { lines.append("STARTTLS") }
        if authenticationUsable(session), !configuration.authenticationMechanisms.isEmpty {
            lines.append((["AUTH"] + configuration.authenticationMechanisms).joined(separator: " "))
        }
        lines += ["ENHANCEDSTATUSCODES", "8BITMIME", "DSN", "SMTPUTF8", "CHUNKING"]
        return SMTPReply(.ok, nil, lines: lines)
    }

    func authenticationUsable(_ session: Session) -> Bool {
        guard configuration.mode != .lmtp else { return false }
        switch configuration.authentication {
        case .disabled: return false
        case .enabled: return true
        case .enabledUnderTLS: return session.tlsActive
        }
    }

    /// The RFC 3848 / RFC 6531 §3.7.3 `with` keyword for this session and transaction.
    func receivedProtocol(_ session: Session, _ transaction: Transaction) -> String {
        var name = configuration.mode == .lmtp ? "LMTP" : (session.extended ? "ESMTP" : "SMTP")
        if transaction.parameters.smtpUTF8 { name = "UTF8" + (configuration.mode == .lmtp ? "LMTP" : "SMTP") }
        if session.tlsActive { name += "S" }
        if session.identity != nil { name += "A" }
        return name
    }

    func envelope(_ session: Session, _ transaction: Transaction) -> SMTPEnvelope {
        SMTPEnvelope(heloName: session.heloName, receivedProtocol: receivedProtocol(session, transaction),
                     authenticatedIdentity: session.identity, reversePath: transaction.reversePath,
                     parameters: transaction.parameters, recipients: transaction.recipients)
    }
}

extension EmailAddress {
    /// True when the address needs SMTPUTF8 to be sent (RFC 6531 §3.2).
    var isASCII: Bool { localPart.utf8.allSatisfy { $0 < 0x80 } && domain.utf8.allSatisfy { $0 < 0x80 } }
}
