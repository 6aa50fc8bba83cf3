import Foundation
import MailCore

/// A non-delivery report: RFC 3464 `multipart/report; report-type=delivery-status` (RFC 6522), the
/// kind Postfix's bounce(8) writes, sent from `MAILER-DAEMON@host` with the null reverse-path.
///
/// Three parts: a human-readable `text/plain` explanation, the `message/delivery-status` part (RFC 3464
/// §2.2 per-message fields, §2.3 per-recipient fields) and the returned message's header section as
/// `text/rfc822-headers` (RFC 6522 §4; headers only, whatever `RET` asked for, which RFC 3461 §4.3
/// allows). Lines end in CRLF. The text is a pure function of its inputs.
///
/// The returned headers are the sender's own text, so the MIME boundary is random (a guessable one
/// could be written into them to end the part early), and every value from a client or a remote server
/// is put on one line with its control characters replaced (RFC 3464 §2.1.1: fields are one line each).
struct BounceMessage {
    /// One failed recipient.
    struct Failure {
        var recipient: MessageRecipient
        var failure: DeliveryFailure
    }

    var reportingHost: String
    var queueID: String
    var envelope: MessageEnvelope
    var arrival: Date
    var date: Date
    var failures: [Failure]
    /// The header section of the undelivered message, as stored.
    var originalHeaders: [UInt8]
    /// The MIME boundary: 128 random bits, so that no returned header can contain it.
    var boundary = BounceMessage.randomBoundary()

    func rendered() -> [UInt8] {
        var text = ""
        func line(_ value: String = "") { text += value + "\r\n" }

        line("Date: \(RFC5322Date.format(date))")
        line("From: MAILER-DAEMON@\(reportingHost) (Mail Delivery System)")
        line("Subject: Undelivered Mail Returned to Sender")
        line("To: \(envelope.sender)")
        line("Auto-Submitted: auto-replied")
        line("MIME-Version: 1.0")
        line("Content-Type: multipart/report; report-type=delivery-status;")
        line("\tboundary=\"\(boundary)\"")
        line("Message-Id: <\(Int64(date.timeIntervalSince1970)).\(queueID)@\(reportingHost)>")
        line()
        line("This is a MIME-encapsulated message.")
        line()

        line("--\(boundary)")
        line("Content-Description: Notification")
        line("Content-Type: text/plain; charset=utf-8")
        line()
        line("This is the mail system at host \(reportingHost).")
        line()
        line("I'm sorry to have to inform you that your message could not")
        line("be delivered to one or more recipients. It's attached below.")
        line()
        line("For further assistance, please send mail to postmaster.")
        line()
        line("                   The mail system")
        for failure in failures {
            line()
            line("<\(failure.recipient.address)>: \(DeliveryFailure.oneLine(failure.failure.diagnostic))")
        }
        line()

        line("--\(boundary)")
        line("Content-Description: Delivery report")
        line("Content-Type: message/delivery-status")
        line()
        line("Reporting-MTA: dns; \(reportingHost)")
        line("X-Mailroom-Queue-ID: \(queueID)")
        if let envelopeID = envelope.envelopeID {
            line("Original-Envelope-Id: \(DeliveryFailure.oneLine(envelopeID))")
        }
        line("Arrival-Date: \(RFC5322Date.format(arrival))")
        for failure in failures {
            line()
            line("Final-Recipient: rfc822; \(failure.recipient.address)")
            if let original = Self.originalRecipient(failure.recipient) {
                line("Original-Recipient: \(DeliveryFailure.oneLine(original))")
            }
            line("Action: failed")
            line("Status: \(failure.failure.status)")
            line("Diagnostic-Code: \(failure.failure.diagnosticType); \(DeliveryFailure.oneLine(failure.failure.diagnostic))")
        }
        line()

        line("--\(boundary)")
        line("Content-Description: Undelivered Message Headers")
        line("Content-Type: text/rfc822-headers")
        line()
        var bytes = Array(text.utf8)
        bytes += originalHeaders
        if !originalHeaders.isEmpty, originalHeaders.last != UInt8(ascii: "\n") {
            bytes += Array("\r\n".utf8)
        }
        bytes += Array("\r\n--\(boundary)--\r\n".utf8)
        return bytes
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
