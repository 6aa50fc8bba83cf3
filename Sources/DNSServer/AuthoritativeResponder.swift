import DNSProtocol
import Foundation

/// The authoritative server's answer to one query in wire format, from the current ``ServedZones``.
///
/// Order of checks: undecodable queries get FORMERR (RFC 1035 §4.1.1) and responses are never
/// answered (RFC 1035 §7.3); a TSIG record is verified first (RFC 8945 §5.2) and a bad one gets the
/// TSIG error answer; zone transfers go to ``ZoneTransfer``; `allow-query` may refuse; everything
/// else is `ZoneCatalog.respond(to:)`, fitted to the transport's size limit with TC set when it does
/// not fit (RFC 1035 §4.2.1, RFC 6891 §7) and signed when the query was.
public struct AuthoritativeResponder: DNSResponder {
    private let store: ServedZonesStore
    private let udpPayloadSize: Int
    private let clock: @Sendable () -> UInt64

    /// A responder over `store`; `udpPayloadSize` is `dns_udp_payload_size`; `clock` gives seconds
    /// since 1970 for TSIG.
    public init(store: ServedZonesStore, udpPayloadSize: Int = 1232,
                clock: @escaping @Sendable () -> UInt64 = { UInt64(Date().timeIntervalSince1970) }) {
        self.store = store
        self.udpPayloadSize = udpPayloadSize
        self.clock = clock
    }

    public func reply(to query: [UInt8], from client: DNSClientAddress, over transport: DNSTransport,
                      cache: inout DNSResponseCache) -> DNSReply {
        let key = DNSQueryKey(query: query, transport: transport, udpPayloadSize: udpPayloadSize)
        if let key, let response = cache.response(to: query, key: key, generation: store.generation) {
            return .message(response)
        }
        // One snapshot for the whole answer: the zones it is built from and the generation it is cached under.
        let (zones, generation) = store.current
        let reply = answer(query, from: client, over: transport, zones: zones)
        // Only answers that depend on nothing but the question: open zones, no TSIG (`key` is nil then).
        if let key, case .message(let response) = reply, zones.queriesAreOpen {
            cache.store(response, for: key, generation: generation)
        }
        return reply
    }

    private func answer(_ query: [UInt8], from client: DNSClientAddress, over transport: DNSTransport,
                        zones: ServedZones) -> DNSReply {
        let decoded: DNSDecodedMessage
        do {
            decoded = try DNSDecodedMessage(wire: query)
        } catch {
            return error.formatErrorResponse().map(DNSReply.message) ?? .none
        }
        let request = decoded.message
        guard !request.flags.isResponse else { return .none }
        var signer: TSIGResponseSigner?
        if request.tsig != nil {
            switch zones.keyring.verifyRequest(decoded, now: clock()) {
            case .unsigned: break
            case .verified(let verified): signer = verified
            case .rejected(let rejection): return .message(rejection.errorResponse(for: request, now: clock()))
            }
        }
        if request.flags.opcode == .query, request.questions.count == 1, let question = request.questions.first,
            question.type == .axfr || question.type == .ixfr
        {
            let transfer = ZoneTransfer(zones: zones, request: request, client: client, transport: transport)
            return transfer.reply(signer: signer, now: clock())
        }
        var response = zones.catalog.respond(to: request, overTCP: transport == .tcp)
        if let question = request.questions.first, !isAllowed(question, zones: zones, client: client, signer: signer) {
            response = DNSMessage.refusal(of: request)
        }
        if response.edns != nil {
            response.edns?.udpPayloadSize = UInt16(udpPayloadSize)
        }
        let limit = sizeLimit(for: request, over: transport)
        guard var signer else { return .message(response.encoded(maximumSize: limit)) }
        return .message(signer.sign(response, now: clock(), maximumSize: limit))
    }

    /// `allow-query` of the zone that answers `question` (BIND ARM "allow-query").
    private func isAllowed(_ question: DNSQuestion, zones: ServedZones, client: DNSClientAddress,
                           signer: TSIGResponseSigner?) -> Bool {
        guard !zones.queriesAreOpen, let zone = zones.catalog.zone(enclosing: question.name),
            let rule = zones.queryRule(for: zone.origin)
        else { return true }
        return rule.allows(client.ipAddress, keyName: signer?.key.name)
    }

    /// The largest response allowed: 512 octets over UDP without EDNS (RFC 1035 §4.2.1), the smaller of
    /// the client's and our payload size with it (RFC 6891 §6.2.5), 65,535 over TCP.
    private func sizeLimit(for request: DNSMessage, over transport: DNSTransport) -> Int {
        guard transport == .udp else { return 65_535 }
        guard let edns = request.edns else { return 512 }
        return min(max(512, Int(edns.udpPayloadSize)), udpPayloadSize)
    }
}

extension DNSMessage {
    /// REFUSED for `request`: its ID, opcode, RD and question, nothing else (RFC 1035 §4.1.1 RCODE 5).
    static func refusal(of request: DNSMessage) -> DNSMessage {
        var flags = DNSHeaderFlags()
        flags.isResponse = true
        flags.opcode = request.flags.opcode
        flags.recursionDesired = request.flags.recursionDesired
        var response = DNSMessage(id: request.id, flags: flags, responseCode: .refused, questions: request.questions)
        if request.edns != nil { response.edns = EDNSRecord(udpPayloadSize: 1232) }
        return response
    }
}
