import Foundation
import MailCore

/// A delivery status notification: RFC 3464 `multipart/report; report-type=delivery-status`
/// (RFC 6522), the kinds Postfix's bounce(8) writes, sent from `MAILER-DAEMON@host` with the null
/// reverse-path: a non-delivery report (a bounce), a delay warning, or a success report.
///
/// Three parts: a human-readable `text/plain` explanation, the `message/delivery-status` part (RFC 3464
/// §2.2 per-message fields, §2.3 per-recipient fields) and the message the notice is about: whole as
/// `message/rfc822` in a bounce unless the sender asked for headers only (`RET=HDRS`, RFC 3461 §4.3) or
/// it is longer than `bounce_size_limit`, else its header section as `text/rfc822-headers` (RFC 6522
/// §4), as delay and success reports always have. Lines end in CRLF. The text is a pure function of
/// its inputs.
///
/// The returned text is the sender's own, so the MIME boundary is random (a guessable one could be
/// written into it to end the part early), and every value from a client or a remote server is put
/// on one line with its control characters replaced (RFC 3464 §2.1.1: fields are one line each).
struct DeliveryNotice {
    /// What the notice reports.
    enum Kind {
        /// Recipients that failed for good (`Action: failed`).
        case failure
        /// Recipients still being retried after `delay_warning_time` (`Action: delayed`); the
        /// duration is how long the message has waited, the date when the queue gives up.
        case delay(waited: Duration, retriedUntil: Date)
        /// Recipients whose mailbox or server took the message and who asked for `NOTIFY=SUCCESS`
        /// (`Action: delivered` or `relayed`).
        case success
    }

    /// One recipient the notice is about (RFC 3464 §2.3).
    struct Entry {
        var recipient: MessageRecipient
        /// `failed`, `delayed`, `delivered` or `relayed` (RFC 3464 §2.3.3).
        var action: String
        var status: String
        var diagnosticType: String
        var diagnostic: String
        /// The server that answered, `mx.example.org[192.0.2.1]:25`, for `Remote-MTA`.
        var relay: String?

        /// A recipient that failed, or is delayed, for `failure`.
        init(recipient: MessageRecipient, action: String, failure: DeliveryFailure) {
            self.init(recipient: recipient, action: action, status: failure.status, diagnosticType: failure.diagnosticType,
                      diagnostic: failure.diagnostic, relay: failure.relay)
        }

        init(recipient: MessageRecipient, action: String, status: String, diagnosticType: String = "smtp",
             diagnostic: String, relay: String?) {
            self.recipient = recipient
            self.action = action
            self.status = status
            self.diagnosticType = diagnosticType
            self.diagnostic = diagnostic
            self.relay = relay
        }
    }

    /// What of the message goes back.
    enum Returned {
        case headers([UInt8])
        case message([UInt8])
    }

    var kind: Kind
    var reportingHost: String
    var queueID: String
    var envelope: MessageEnvelope
    var arrival: Date
    var date: Date
    var entries: [Entry]
    var returned: Returned
    /// `Postmaster Copy: ` before the subject of the copy that goes to the postmaster.
    var isPostmasterCopy = false
    /// The MIME boundary: 128 random bits, so that no returned text can contain it.
    var boundary = DeliveryNotice.randomBoundary()

    var subject: String {
        let subject = switch kind {
        case .failure: "Undelivered Mail Returned to Sender"
        case .delay: "Delayed Mail (still being retried)"
        case .success: "Successful Mail Delivery Report"
        }
        return isPostmasterCopy ? "Postmaster Copy: " + subject : subject
    }

    func rendered(to recipient: String) -> [UInt8] {
        var text = ""
        func line(_ value: String = "") { text += value + "\r\n" }

        line("Date: \(RFC5322Date.format(date))")
        line("From: MAILER-DAEMON@\(reportingHost) (Mail Delivery System)")
        line("Subject: \(subject)")
        line("To: \(recipient)")
        line("Auto-Submitted: auto-replied")
        line("MIME-Version: 1.0")
        line("Content-Type: multipart/report; report-type=delivery-status;")
        line("\tboundary=\"\(boundary)\"")
        // Unique per notice: one message can give a bounce and its postmaster copy in the same second.
        line("Message-Id: <\(Int64(date.timeIntervalSince1970)).\(queueID).\(boundary.prefix(8))@\(reportingHost)>")
        line()
        line("This is a MIME-encapsulated message.")
        line()

        line("--\(boundary)")
        line("Content-Description: Notification")
        line("Content-Type: text/plain; charset=utf-8")
        line()
        line("This is the mail system at host \(reportingHost).")
        line()
        for explanation in explanation { line(explanation) }
        line()
        line("                   The mail system")
        for entry in entries {
            line()
            line("<\(entry.recipient.address)>: \(DeliveryFailure.oneLine(entry.diagnostic))")
        }
        line()

        line("--\(boundary)")
        line("Content-Description: Delivery report")
        line("Content-Type: message/delivery-status")
        line()
        // RFC 3464 §2.2 and §2.3 give the fields in this order, extension (X-) fields last.
        if let envelopeID = envelope.envelopeID {
            line("Original-Envelope-Id: \(DeliveryFailure.oneLine(envelopeID))")
        }
        line("Reporting-MTA: dns; \(reportingHost)")
        line("Arrival-Date: \(RFC5322Date.format(arrival))")
        line("X-Mailroom-Queue-ID: \(queueID)")
        for entry in entries {
            line()
            if let original = Self.originalRecipient(entry.recipient) {
                line("Original-Recipient: \(DeliveryFailure.oneLine(original))")
            }
            line("Final-Recipient: rfc822; \(entry.recipient.address)")
            line("Action: \(entry.action)")
            line("Status: \(entry.status)")
            if let relay = entry.relay, let host = relay.split(separator: "[").first {
                line("Remote-MTA: dns; \(DeliveryFailure.oneLine(String(host)))")
            }
            line("Diagnostic-Code: \(entry.diagnosticType); \(DeliveryFailure.oneLine(entry.diagnostic))")
            if case .delay(_, let until) = kind { line("Will-Retry-Until: \(RFC5322Date.format(until))") }
        }
        line()

        line("--\(boundary)")
        let returnedBytes: [UInt8]
        switch returned {
        case .headers(let headers):
            line(kind.isFailure ? "Content-Description: Undelivered Message Headers" : "Content-Description: Message Headers")
            line("Content-Type: text/rfc822-headers")
            returnedBytes = headers
        case .message(let message):
            line("Content-Description: Undelivered Message")
            line("Content-Type: message/rfc822")
            // RFC 2046 §5.2.1: 8bit is allowed here, and must be said when the message has 8-bit content.
            if envelope.eightBit { line("Content-Transfer-Encoding: 8bit") }
            returnedBytes = message
        }
        line()
        var bytes = Array(text.utf8)
        bytes += returnedBytes
        if !returnedBytes.isEmpty, returnedBytes.last != UInt8(ascii: "\n") {
            bytes += Array("\r\n".utf8)
        }
        bytes += Array("\r\n--\(boundary)--\r\n".utf8)
        return bytes
    }

    /// The human-readable explanation, in Postfix's words.
    private var explanation: [String] {
        switch kind {
        case .failure:
            return ["I'm sorry to have to inform you that your message could not",
                    "be delivered to one or more recipients. It's attached below.",
                    "",
                    "For further assistance, please send mail to postmaster."]
        case .delay(let waited, let until):
            // What it waited, rounded down so "more than" holds (delay_warning_time may be minutes).
            let minutes = waited.components.seconds / 60
            let span = minutes < 60 ? "\(max(1, minutes)) minute(s)" : "\(minutes / 60) hour(s)"
            return ["####################################################################",
                    "# THIS IS A WARNING ONLY.  YOU DO NOT NEED TO RESEND YOUR MESSAGE. #",
                    "####################################################################",
                    "",
                    "Your message could not be delivered for more than \(span).",
                    "It will be retried until \(RFC5322Date.format(until)).",
                    "",
                    "For further assistance, please send mail to postmaster."]
        case .success:
            return ["Your message was successfully delivered to the destination(s)",
                    "listed below. If the message was delivered to mailbox you will",
                    "receive no further notifications. Otherwise you may still receive",
                    "notifications of mail delivery errors from other systems."]
        }
    }

    /// The copy for the postmaster (`notify_classes`): `Postmaster Copy:` in the subject, the
    /// message's header section only, a boundary (and so a Message-Id) of its own.
    func postmasterCopy() -> DeliveryNotice {
        var copy = self
        copy.isPostmasterCopy = true
        copy.boundary = Self.randomBoundary()
        if case .message(let message) = returned {
            copy.returned = .headers(Self.headerSection(of: message, limit: message.count))
        }
        return copy
    }

    /// A boundary of 32 hex digits from the system's random source.
    static func randomBoundary() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<2).map { _ in
            let value = generator.next() as UInt64
            let hex = String(value, radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex
        }.joined()
    }

    /// RFC 3464 §2.3.1: the `ORCPT` parameter as given, else the address before alias rewriting.
    static func originalRecipient(_ recipient: MessageRecipient) -> String? {
        if let parameter = recipient.originalRecipientParameter {
            guard let semicolon = parameter.firstIndex(of: ";") else { return "rfc822; " + parameter }
            let type = parameter[..<semicolon].trimmingCharacters(in: .whitespaces)
            let address = parameter[parameter.index(after: semicolon)...].trimmingCharacters(in: .whitespaces)
            return "\(type); \(address)"
        }
        return recipient.originalRecipient.map { "rfc822; " + $0 }
    }

    /// The header section of a message: everything up to and including the blank line that ends it
    /// (without that blank line), at most `limit` bytes, cut at a line end.
    static func headerSection(of prefix: [UInt8], limit: Int) -> [UInt8] {
        var lineStart = 0
        var index = 0
        let end = min(prefix.count, limit)
        while index < end {
            if prefix[index] == UInt8(ascii: "\n") {
                let line = prefix[lineStart...index]
                if line.count == 1 || (line.count == 2 && line.first == UInt8(ascii: "\r")) {
                    return Array(prefix[..<lineStart])
                }
                lineStart = index + 1
            }
            index += 1
        }
        return Array(prefix[..<lineStart])
    }
}

extension DeliveryNotice.Kind {
    var isFailure: Bool {
        if case .failure = self { return true }
        return false
    }
}
