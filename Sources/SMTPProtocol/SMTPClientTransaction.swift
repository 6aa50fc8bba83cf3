import MailCore

/// One message to send over an SMTP client connection: its envelope as it goes out in MAIL and
/// RCPT, and what the server's extensions must allow for it to be sent at all.
public struct SMTPClientTransaction: Hashable, Sendable {
    /// One RCPT TO.
    public struct Recipient: Hashable, Sendable {
        /// The forward-path, without angle brackets.
        public var address: String
        /// DSN `NOTIFY` (RFC 3461 §4.1): `NEVER`, or some of `SUCCESS`, `FAILURE`, `DELAY`.
        public var notify: [String]?
        /// DSN `ORCPT` (RFC 3461 §4.2) as `addr-type;address`, not yet xtext-encoded.
        public var originalRecipient: String?

        public init(address: String, notify: [String]? = nil, originalRecipient: String? = nil) {
            self.address = address
            self.notify = notify
            self.originalRecipient = originalRecipient
        }
    }

    /// The reverse-path without angle brackets; empty for the null sender `<>` (bounces).
    public var sender: String
    public var recipients: [Recipient]
    /// The message's size in octets as sent (CRLF line ends, before dot-stuffing): `SIZE=` (RFC 1870).
    public var size: Int
    /// The message has 8-bit content: `BODY=8BITMIME` (RFC 6152).
    public var eightBit: Bool
    /// The envelope or headers need SMTPUTF8 (RFC 6531 §3.4): the server must offer it.
    public var smtpUTF8: Bool
    /// DSN `ENVID` (RFC 3461 §4.4), not yet xtext-encoded.
    public var envelopeID: String?
    /// DSN `RET=HDRS` when true; `RET=FULL` is sent only when asked for, as `nil` here means neither.
    public var returnHeadersOnly: Bool?

    public init(sender: String, recipients: [Recipient], size: Int, eightBit: Bool = false, smtpUTF8: Bool = false,
                envelopeID: String? = nil, returnHeadersOnly: Bool? = nil) {
        self.sender = sender
        self.recipients = recipients
        self.size = size
        self.eightBit = eightBit
        self.smtpUTF8 = smtpUTF8
        self.envelopeID = envelopeID
        self.returnHeadersOnly = returnHeadersOnly
    }

    /// Why the message cannot go to a server with `extensions` at all, before any command: the
    /// status and text every recipient then fails with.
    func refusal(by extensions: SMTPServerExtensions) -> (EnhancedStatusCode, String)? {
        if let limit = extensions.sizeLimit, limit > 0, size > limit {
            // RFC 1870 §6: a message known to be too large is not sent; permanent, as Postfix bounces it.
            return (.messageTooBig, "message size \(size) exceeds size limit \(limit) of server")
        }
        if smtpUTF8, !extensions.smtpUTF8 {
            // RFC 6531 §3.2: a message that needs SMTPUTF8 is not sent to a server without it.
            return (.nonASCIIAddressNotPermitted, "SMTPUTF8 is required, but was not offered by host")
        }
        return nil
    }

    /// `MAIL FROM:<sender>` with the parameters the server's extensions allow.
    func mailCommand(for extensions: SMTPServerExtensions) -> String {
        var line = "MAIL FROM:<\(sender)>"
        if extensions.sizeLimit != nil { line += " SIZE=\(size)" }
        if eightBit, extensions.eightBitMIME { line += " BODY=8BITMIME" }
        if smtpUTF8 { line += " SMTPUTF8" }
        if extensions.deliveryStatusNotification {
            if let returnHeadersOnly { line += returnHeadersOnly ? " RET=HDRS" : " RET=FULL" }
            if let envelopeID { line += " ENVID=" + XText.encode(envelopeID) }
        }
        return line + "\r\n"
    }

    /// `RCPT TO:<address>` for recipient `index`, with its DSN parameters when the server takes them.
    func recipientCommand(_ index: Int, for extensions: SMTPServerExtensions) -> String {
        let recipient = recipients[index]
        var line = "RCPT TO:<\(recipient.address)>"
        if extensions.deliveryStatusNotification {
            if let notify = recipient.notify, !notify.isEmpty { line += " NOTIFY=" + notify.joined(separator: ",") }
            if let original = recipient.originalRecipient, let semicolon = original.firstIndex(of: ";") {
                // RFC 3461 §4.2: ORCPT=addr-type ";" xtext; only the address part is xtext.
                line += " ORCPT=" + original[..<semicolon] + ";" + XText.encode(original[original.index(after: semicolon)...])
            }
        }
        return line + "\r\n"
    }
}
