import NIOCore
import MailCore

extension SMTPServerMachine {
    /// What the driver does next (one per event).
    public enum Action: Sendable, Equatable {
        /// Nothing to do; read on.
        case nothing
        /// Write this reply.
        case send(SMTPReply)
        /// Write these replies in order (LMTP: one per accepted recipient after the data, RFC 2033 §4.2).
        case sendReplies([SMTPReply])
        /// Write this reply, then close the connection.
        case sendAndClose(SMTPReply)
        /// Write this `220`, then drop buffered plaintext, start the TLS handshake and, when it completes,
        /// call ``SMTPServerMachine/tlsEstablished()`` (RFC 3207 §4.2). On handshake failure, close.
        case startTLS(SMTPReply)
        /// Begin a SASL exchange; report challenges with ``SMTPServerMachine/authenticationChallenge(_:)``
        /// and the end with ``SMTPServerMachine/authenticationFinished(_:)``.
        case startAuthentication(mechanism: String, initialResponse: String?)
        /// A client line answering the last challenge; pass it to the SASL exchange.
        case continueAuthentication(String)
        /// Drop the SASL exchange and write this reply.
        case cancelAuthentication(SMTPReply)
        /// A logged-in client named this sender: ask whether the login owns it, then call
        /// ``SMTPServerMachine/senderChecked(_:)``. The null sender is never asked about.
        case checkSender(EmailAddress, identity: String)
        /// Ask the recipient policy, then call ``SMTPServerMachine/recipientChecked(_:)``.
        case checkRecipient(ForwardPath, RecipientParameters)
        /// Open a delivery for this envelope, then start reading the body as `transfer` says.
        case beginMessage(SMTPEnvelope, BodyTransfer)
        /// Read exactly `size` raw octets (a further BDAT chunk, or one being discarded), feeding them to
        /// ``SMTPServerMachine/dataChunk(_:)``, then call ``SMTPServerMachine/dataEnded()``.
        case receiveChunk(size: Int)
        /// Append these body bytes to the open delivery.
        case appendBody(ByteBuffer)
        /// Commit the delivery, then call ``SMTPServerMachine/commitFinished(_:)``.
        case commitMessage
        /// Abort the open delivery, write the replies (one; in LMTP one per recipient when the
        /// whole message was read, RFC 2033 §4.2), and close if `close`.
        case abortMessage([SMTPReply], close: Bool)
    }

    /// How the body arrives after ``Action/beginMessage(_:_:)``.
    public enum BodyTransfer: Sendable, Equatable {
        /// Write this `354`, then decode the stream with ``DataStreamDecoder`` (RFC 5321 §4.1.1.4): feed
        /// its body bytes to `dataChunk`, and at its end call `dataEnded` (or `messageTooBig`); its
        /// leftover bytes are the next command lines.
        case dotTerminated(SMTPReply)
        /// Read exactly `size` raw octets (RFC 3030 §2) into `dataChunk`, then call `dataEnded`; with
        /// size 0, call `dataEnded` at once.
        case chunk(size: Int)
    }

    /// A policy's answer to ``Action/checkSender(_:identity:)`` or ``Action/checkRecipient(_:_:)``
    /// (RFC 5321 §4.1.1.2, §4.1.1.3).
    public enum PolicyVerdict: Sendable, Equatable {
        /// `250 2.1.0 Ok` for a sender, `250 2.1.5 Ok` for a recipient.
        case accept
        /// This reply (e.g. `550 5.1.1 <x>: Recipient address rejected: User unknown`).
        case reject(SMTPReply)
    }

    /// How an AUTH exchange ended (RFC 4954 §4, §6).
    public enum AuthenticationOutcome: Sendable, Equatable {
        /// `235 2.7.0`; the identity goes into later envelopes.
        case succeeded(identity: String)
        /// `535 5.7.8`.
        case invalidCredentials
        /// The client sent `*`: `501 5.7.0`.
        case cancelled
        /// A response was not base64 or not of the mechanism's form: `501 5.5.2`.
        case malformedResponse
        /// The user database failed: `454 4.7.0`.
        case temporaryFailure
    }

    /// How committing the message went.
    public enum CommitOutcome: Sendable, Equatable {
        /// Safely queued: `250 2.0.0 Ok: queued as ID` (in LMTP, once per recipient).
        case queued(id: String)
        /// Not taken: this reply (in LMTP, once per recipient).
        case failed(SMTPReply)
        /// LMTP only: one reply per accepted recipient, in envelope order (RFC 2033 §4.2).
        case perRecipient([SMTPReply])
    }
}
