import MailroomConfig
import ServerKit

/// Serves a listener whose protocol is not built yet: it greets with that protocol's own
/// "service not available" reply and closes, so a client fails fast and clearly instead of hanging.
///
/// SMTP and LMTP: `554` as the opening reply (RFC 5321 §3.1, §4.2.3); IMAP: an untagged `BYE` with
/// `UNAVAILABLE` (RFC 9051 §7.1.5, RFC 5530 §3); POP3: `-ERR [SYS/TEMP]` (RFC 3206 §4).
struct PendingProtocolHandler: ConnectionHandler {
    let listener: MailroomConfig.Listener
    let hostname: String

    var greeting: String {
        switch listener.serviceProtocol {
        case .smtp, .submission, .submissions, .lmtp:
            "554 5.3.2 \(hostname) \(listener) service not available yet\r\n"
        case .imap:
            "* BYE [UNAVAILABLE] \(hostname) IMAP service not available yet\r\n"
        case .pop3:
            "-ERR [SYS/TEMP] \(hostname) POP3 service not available yet\r\n"
        case .dns:
            ""
        }
    }

    func handle(_ connection: Connection) async {
        try? await connection.withIO { _, writer in try await writer.write(greeting) }
    }

    func refuse(_ connection: Connection, reason: RefusalReason) async {
        await handle(connection)
    }
}
