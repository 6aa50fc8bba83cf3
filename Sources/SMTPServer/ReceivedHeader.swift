import Foundation
import MailCore
import SMTPProtocol

/// The `Received:` trace field an SMTP server prepends (RFC 5321 §4.4), in Postfix's layout:
///
///     Received: from client.example (unknown [192.0.2.1])
///     	by mail.example.test (mailroom) with ESMTPSA
///     	for <root@example.test>; Thu, 26 Nov 2026 01:23:45 +0000 (UTC)
///
/// The `with` word is RFC 3848's (`ESMTP`, `ESMTPS`, `ESMTPSA`, `LMTP`); `for` is given only for a
/// single recipient, as Postfix does, so a message to several people does not list them all.
/// There is no reverse DNS yet, so the client's name is `unknown`, as Postfix writes an address
/// without a PTR record.
struct ReceivedHeader {
    let heloName: String?
    let clientAddress: IPAddress?
    let hostname: String
    let protocolWord: String
    let recipient: String?
    let date: Date

    /// The field with CRLF line ends, folded with a tab.
    var text: String {
        let client = clientAddress.map { "unknown [\($0)]" } ?? "unknown"
        var field = "Received: from \(heloName ?? "unknown") (\(client))\r\n"
        field += "\tby \(hostname) (mailroom) with \(protocolWord)"
        if let recipient {
            field += "\r\n\tfor <\(recipient)>"
        }
        field += "; \(RFC5322Date.format(date))\r\n"
        return field
    }
}
