extension ZoneCatalog {
    /// The EDNS UDP payload size BIND 9.18 advertises (`edns-udp-size`, DNS Flag Day 2020).
    public static let advertisedUDPPayloadSize: UInt16 = 1232

    /// Builds the response to `query` (RFC 1035 §4.1.1, RFC 6891 §6.1.1): same ID and opcode, QR
    /// set, RD and CD copied, RA clear (no recursion), AA and sections from `answer(to:)`.
    ///
    /// Before the question is looked at: an EDNS version other than 0 gets BADVERS (RFC 6891
    /// §6.1.3), an opcode other than QUERY gets NOTIMP (NOTIFY and UPDATE must be routed
    /// elsewhere first), and a question count other than one gets FORMERR without a question
    /// section. When the query has EDNS the response gets an OPT advertising 1232 octets with DO
    /// copied; cookies, NSID, TSIG and truncation are left to the server. `overTCP` lifts the
    /// minimal responses BIND gives EDNS queries with a UDP buffer of 512 or less, and the minimal
    /// ANY answers given over UDP (RFC 8482 §4.4: over TCP the source address is proven, so an ANY
    /// answer cannot be reflected at a forged one and may be whole).
    public func respond(to query: DNSMessage, overTCP: Bool = false) -> DNSMessage {
        var flags = DNSHeaderFlags()
        flags.isResponse = true
        flags.opcode = query.flags.opcode
        flags.recursionDesired = query.flags.recursionDesired
        flags.checkingDisabled = query.flags.checkingDisabled
        var response = DNSMessage(id: query.id, flags: flags)
        if let edns = query.edns {
            response.edns = EDNSRecord(udpPayloadSize: ZoneCatalog.advertisedUDPPayloadSize, dnssecOK: edns.dnssecOK)
            guard edns.version == 0 else {
                response.responseCode = .badVersion
                response.questions = query.questions
                return response
            }
        }
        guard query.flags.opcode == .query else {
            response.responseCode = .notImplemented
            response.questions = query.questions
            return response
        }
        guard query.questions.count == 1, let question = query.questions.first else {
            response.responseCode = .formatError
            return response
        }
        response.questions = [question]
        let smallBuffer = query.edns.map { $0.udpPayloadSize <= 512 } ?? false
        let result = answer(
            to: question, recursionDesired: query.flags.recursionDesired, minimalResponses: smallBuffer && !overTCP,
            minimalAny: !overTCP)
        response.responseCode = result.responseCode
        response.flags.authoritativeAnswer = result.isAuthoritative
        response.answers = result.answers
        response.authority = result.authority
        response.additional = result.additional
        return response
    }
}
