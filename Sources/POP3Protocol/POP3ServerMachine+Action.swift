extension POP3ServerMachine {
    /// What the driver does next (one per event).
    public enum Action: Sendable, Hashable {
        /// Nothing to do; read on.
        case nothing
        /// Write this response.
        case send(POP3Response)
        /// Write this response, then close the connection.
        case sendAndClose(POP3Response)
        /// Close the connection without writing (the idle timer fired while the driver was busy).
        case close
        /// Write this `+OK`, drop buffered plaintext, start the TLS handshake and, when it completes, call
        /// ``POP3ServerMachine/tlsEstablished()`` (RFC 2595 §4). On handshake failure, close.
        case startTLS(POP3Response)
        /// Begin a SASL exchange (`SASLExchange`) with this mechanism and initial response; send its
        /// challenges through ``POP3ServerMachine/authenticationChallenge(_:)`` and its end, after
        /// verifying the credentials and opening the maildrop, through
        /// ``POP3ServerMachine/authenticationFinished(_:)``.
        case startAuthentication(mechanism: String, initialResponse: String?)
        /// A client line answering the last challenge; pass it to the SASL exchange.
        case continueAuthentication(String)
        /// Drop the SASL exchange and write this response.
        case cancelAuthentication(POP3Response)
        /// Check these credentials (USER/PASS, RFC 1939 §7); on success lock and list the maildrop;
        /// delay a failure; log it with the client address. Then call
        /// ``POP3ServerMachine/loginFinished(_:)``.
        case verifyLogin(user: String, password: String)
        /// Open the message with this ``MaildropListing/Message/id``; if it cannot be read, call
        /// ``POP3ServerMachine/messageUnavailable()`` without writing anything. Otherwise write
        /// `response`, stream the message through a ``MessageResponseEncoder``, and call
        /// ``POP3ServerMachine/messageSent()``. A failure while streaming closes the connection.
        case sendMessage(POP3Response, id: String, topLines: Int?)
        /// The UPDATE state (RFC 1939 §6): remove these messages in one step, then call
        /// ``POP3ServerMachine/updateFinished(_:)``. Release the maildrop lock when the connection closes.
        case applyDeletions([String])
    }

    /// The driver's answer to ``Action/verifyLogin(user:password:)`` (and, inside
    /// ``AuthenticationOutcome/login(_:)``, to a SASL exchange's credentials).
    public enum LoginResult: Sendable, Hashable {
        /// Credentials good, maildrop locked and listed: the TRANSACTION state (RFC 1939 §4).
        case succeeded(maildrop: MaildropListing)
        /// Unknown user or wrong password: `-ERR [AUTH]` (RFC 3206 §5), after the driver's delay.
        case invalidCredentials
        /// Another session holds the maildrop lock: `-ERR [IN-USE]` (RFC 2449 §8.1.1).
        case inUse
        /// The user may not log in again yet: `-ERR [LOGIN-DELAY]` (RFC 2449 §8.1.2).
        case loginDelay
        /// The user database or the store failed for now: `-ERR [SYS/TEMP]` (RFC 3206 §4).
        case temporaryFailure
        /// The account cannot be served (e.g. its maildrop is unusable): `-ERR [SYS/PERM]` (RFC 3206 §4).
        case permanentFailure
    }

    /// How an AUTH exchange ended (RFC 5034 §4).
    public enum AuthenticationOutcome: Sendable, Hashable {
        /// The exchange produced credentials and the driver checked them.
        case login(LoginResult)
        /// The client sent `*`.
        case cancelled
        /// A response was not base64 or not of the mechanism's form.
        case malformedResponse
    }

    /// How the UPDATE state went (RFC 1939 §6).
    public enum UpdateOutcome: Sendable, Hashable {
        /// Every deleted message is gone.
        case applied
        /// Nothing, or not everything, was removed: `-ERR [SYS/TEMP] some deleted messages not removed`.
        case failed
    }
}
