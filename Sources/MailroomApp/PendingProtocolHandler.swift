import MailroomConfig
import ServerKit

/// Serves the IMAP listeners until the IMAP server is built: it greets with IMAP's own "service not
/// available" words — an untagged `BYE` with `UNAVAILABLE` (RFC 9051 §7.1.5, RFC 5530 §3) — and closes,
/// so a client fails fast and clearly instead of hanging.
struct PendingProtocolHandler: ConnectionHandler {
    let hostname: String

    var greeting: String {
        "* BYE [UNAVAILABLE] \(hostname) IMAP service not available yet\r\n"
    }

    func handle(_ connection: Connection) async {
        try? await connection.withIO { _, writer in try await writer.write(greeting) }
    }

    func refuse(_ connection: Connection, reason: RefusalReason) async {
        await handle(connection)
    }
}
