import DNSProtocol

/// A zone transfer request (RFC 5936) and the messages that answer it.
///
/// AXFR is allowed over TCP only (RFC 5936 §4.2); the requester must pass the zone's
/// `allow-transfer` rule, by address or by the TSIG key that signed the request. The zone goes out
/// SOA first and last (§2.2), in as many messages as it takes, each signed in turn when the request
/// was (RFC 8945 §5.3.1). IXFR is answered with the whole zone in AXFR form over TCP (RFC 1995 §4),
/// and with the SOA alone over UDP (RFC 1995 §2), which tells the client to come back over TCP.
struct ZoneTransfer {
    let zones: ServedZones
    let request: DNSMessage
    let client: DNSClientAddress
    let transport: DNSTransport

    /// Records per message: small enough that any message stays far below 64 KiB.
    static let recordsPerMessage = 100

    func reply(signer: TSIGResponseSigner?, now: UInt64) -> DNSReply {
        guard let question = request.questions.first else { return .none }
        var signer = signer
        func encode(_ message: DNSMessage) -> [UInt8] {
            guard var current = signer else { return message.encoded() }
            defer { signer = current }
            return current.sign(message, now: now)
        }
        let isIXFR = question.type == .ixfr
        guard let zone = zones.catalog.zone(named: question.name) else {
            return .message(encode(response(code: .notAuthorized)))
        }
        guard transport == .tcp || isIXFR else {
            return .message(encode(response(code: .formatError)))
        }
        guard zones.transferRule(for: zone.origin).allows(client.ipAddress, keyName: signer?.key.name) else {
            return .message(encode(response(code: .refused)))
        }
        // RFC 1995 §2: over UDP, or when the client's copy (the SOA in its authority section) is not
        // older than ours, the answer is our SOA alone: "come over TCP" or "you are up to date".
        if transport == .udp || isIXFR && clientIsCurrent(with: zone.serial) {
            var soaOnly = response(code: .noError)
            soaOnly.answers = [zone.soa]
            return .message(encode(soaOnly))
        }
        let records = zone.transferRecords
        var messages: [[UInt8]] = []
        var start = 0
        repeat {
            var message = response(code: .noError)
            if start > 0 { message.questions = [] }
            message.answers = Array(records[start..<min(start + Self.recordsPerMessage, records.count)])
            messages.append(encode(message))
            start += Self.recordsPerMessage
        } while start < records.count
        return .messages(messages)
    }

    /// True when the IXFR request's SOA serial is at least `serial` in RFC 1982 serial arithmetic.
    private func clientIsCurrent(with serial: UInt32) -> Bool {
        guard case .soa(let theirs)? = request.authority.first(where: { $0.type == .soa })?.data else { return false }
        return theirs.serial == serial || SerialNumber(serial) < SerialNumber(theirs.serial)
    }

    private func response(code: DNSResponseCode) -> DNSMessage {
        var flags = DNSHeaderFlags()
        flags.isResponse = true
        flags.authoritativeAnswer = code == .noError
        var message = DNSMessage(id: request.id, flags: flags, responseCode: code, questions: request.questions)
        if request.edns != nil { message.edns = EDNSRecord(udpPayloadSize: 1232) }
        return message
    }
}
