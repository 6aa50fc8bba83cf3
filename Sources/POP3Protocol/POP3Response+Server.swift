// MARK: - The server's responses, by name (texts follow RFC 1939's examples and Dovecot)

extension POP3Response {
    static let signingOff = POP3Response.ok("Logging out.")
    static let signingOffDeleted = POP3Response.ok("Logging out, messages deleted.")
    static let updateFailed = POP3Response.error(.systemTemporary, "Some deleted messages not removed.")
    static let userAccepted = POP3Response.ok("")
    static let loggedIn = POP3Response.ok("Logged in.")
    static let noUsername = POP3Response.error("No username given.")
    static let plaintextDisallowed = POP3Response.error(
        .authentication, "Plaintext authentication disallowed on non-secure (SSL/TLS) connections.")
    static let authenticationFailed = POP3Response.error(.authentication, "Authentication failed.")
    static let authenticationCancelled = POP3Response.error("Authentication aborted by client.")
    static let authenticationMalformed = POP3Response.error("Invalid base64 or SASL response.")
    static let unsupportedMechanism = POP3Response.error("Unsupported authentication mechanism.")
    static let inUse = POP3Response.error(.inUse, "Mailbox is locked by another POP3 session.")
    static let loginDelay = POP3Response.error(.loginDelay, "Logged in too recently, try again later.")
    static let temporaryFailure = POP3Response.error(.systemTemporary, "Temporary failure, try again later.")
    static let permanentFailure = POP3Response.error(.systemPermanent, "Mailbox unavailable, contact the postmaster.")
    static let beginTLS = POP3Response.ok("Begin TLS negotiation now.")
    static let tlsNotOffered = POP3Response.error("TLS support isn't enabled.")
    static let tlsAlreadyActive = POP3Response.error("TLS is already active.")
    static let notAuthenticated = POP3Response.error("Not authenticated.")
    static let alreadyAuthenticated = POP3Response.error("Unknown command.")
    static let lineTooLong = POP3Response.error("Input line too long.")
    static let tooManyErrors = POP3Response.error("Too many errors.")
    static let inactivity = POP3Response.error("Disconnected for inactivity.")
    static let noop = POP3Response.ok("")
    static let messageUnreadable = POP3Response.error(.systemTemporary, "Message could not be read.")
    static let topFollows = POP3Response.ok("")

    static func noSuchMessage(count: Int) -> POP3Response {
        .error("no such message, only \(count) messages in maildrop")
    }

    static let noSuchMessage = POP3Response.error("no such message")

    static func alreadyDeleted(_ number: Int) -> POP3Response {
        .error("message \(number) already deleted")
    }

    static func deleted(_ number: Int) -> POP3Response {
        .ok("message \(number) deleted")
    }

    static func scanListing(count: Int, size: Int) -> String {
        "\(count) messages (\(size) octets)"
    }
}
