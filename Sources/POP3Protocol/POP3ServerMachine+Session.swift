extension POP3ServerMachine {
    /// What the server knows about the client across states.
    struct Session: Sendable {
        var tlsActive: Bool
        /// The USER name awaiting PASS (RFC 1939 §7).
        var user: String?
        var errors = 0

        init(tlsActive: Bool, user: String? = nil, errors: Int = 0) {
            self.tlsActive = tlsActive
            self.user = user
            self.errors = errors
        }
    }

    /// The locked maildrop of the TRANSACTION state: the listing and the messages marked deleted
    /// (RFC 1939 §5).
    struct Maildrop: Sendable {
        let listing: MaildropListing
        /// Indices into `listing.messages` (message number − 1).
        var deleted: Set<Int> = []

        /// The message with this number, unless out of range or deleted.
        func message(_ number: Int) -> MaildropListing.Message? {
            guard number >= 1, number <= listing.messages.count, !deleted.contains(number - 1) else { return nil }
            return listing.messages[number - 1]
        }

        /// The messages not deleted, with their numbers.
        var live: [(number: Int, message: MaildropListing.Message)] {
            listing.messages.enumerated().compactMap { deleted.contains($0.offset) ? nil : ($0.offset + 1, $0.element) }
        }

        var liveCount: Int { listing.messages.count - deleted.count }
        /// For STAT; it stops at `Int.max` rather than overflow (sizes come from file names users write).
        var liveSize: Int {
            live.reduce(0) { total, entry in
                let (sum, overflow) = total.addingReportingOverflow(entry.message.size)
                return overflow ? .max : sum
            }
        }
    }

    /// Plaintext logins are allowed now (Dovecot's `disable_plaintext_auth`).
    func plaintextAllowed(_ session: Session) -> Bool {
        session.tlsActive || configuration.allowsPlaintextWithoutTLS
    }

    /// The CAPA list (RFC 2449 §5, §6), the same in both states since what AUTHORIZATION offers must be
    /// announced in TRANSACTION too.
    func capabilities(_ session: Session) -> POP3Response {
        var lines = ["TOP", "UIDL", "RESP-CODES", "AUTH-RESP-CODE", "PIPELINING"]
        if plaintextAllowed(session) {
            lines.append("USER")
            if !configuration.authenticationMechanisms.isEmpty {
                lines.append((["SASL"] + configuration.authenticationMechanisms).joined(separator: " "))
            }
        }
        if configuration.offersSTLS, !session.tlsActive { lines.append("STLS") }
        lines.append("IMPLEMENTATION mailroom")
        return .ok("Capability list follows", lines: lines)
    }
}
