extension ZoneCatalog {
    /// BIND 9.18's `MAX_RESTARTS`: how many CNAME links a response follows; named 9.18.49 answers
    /// SERVFAIL at the next one (also compared in `Tests/Interop/test_dns.py`).
    static let maximumRestarts = 11

    /// Answers `question` from the catalog as BIND 9.18 does with `recursion no` and the default
    /// `minimal-responses no-auth-recursive` (RFC 1034 §4.3.2, RFC 2308 §2–3, RFC 4592).
    ///
    /// - Names outside every zone, and classes other than IN or ANY: REFUSED, no AA.
    /// - Meta types: ANY answers every RRset at the name (`minimal-any no`), or with `minimalAny`
    ///   one (RFC 8482 §4.1): the CNAME at an alias, else the name's first RRset in zone order, so
    ///   an ANY answer is never bigger than some other answer at that name; MAILA and MAILB are
    ///   NOTIMP; AXFR, IXFR, OPT, TSIG, TKEY and other meta types are FORMERR. Zone transfers must
    ///   be routed to the transfer code (with `Zone.transferRecords`) before calling this.
    /// - Positive answers carry AA; the authority section gets the zone's apex NS unless RD is set
    ///   (`no-auth-recursive`) or the answer already holds it; the additional section gets A/AAAA
    ///   for NS, MX and SRV targets found authoritatively in the zone of the first answer (BIND
    ///   searches only that zone when recursion is off).
    /// - CNAMEs are followed while the target lies in the zone of the question, at most
    ///   `maximumRestarts` times; a chain leaving that zone ends with NOERROR and no authority,
    ///   even when the target is in another served zone: named 9.18 answers from one zone per
    ///   query and leaves the rest of the chain to the resolver. AA is decided by the first link.
    /// - RFC 1034 §3.6.2: a CNAME loop, or a chain longer than `maximumRestarts`, is SERVFAIL
    ///   with AA and the CNAMEs seen, each once, as named 9.18 signals it.
    /// - NXDOMAIN and NODATA (empty non-terminals included, RFC 8020) carry the SOA with
    ///   TTL min(SOA TTL, MINIMUM) (RFC 2308 §3), or 0 for an NXDOMAIN to an SOA query
    ///   (`zero-no-soa-ttl yes`).
    /// - At or below a zone cut: a referral without AA: the cut's NS in authority, glue from this
    ///   zone in additional. DS at the cut is answered from the parent side (RFC 4035 §3.1.4.1).
    /// - DS, DNSKEY, CDS and CDNSKEY answers omit authority NS and additional data; ANY answers
    ///   omit additional data; NS answers keep both even with RD set. `minimalResponses` (EDNS
    ///   over UDP with a buffer of 512 or less) omits both.
    ///
    /// The result depends only on the catalog, the question and the flags, so it can be cached;
    /// see `AuthoritativeAnswer` for the one case-sensitive detail.
    public func answer(
        to question: DNSQuestion, recursionDesired: Bool, minimalResponses: Bool = false, minimalAny: Bool = false
    ) -> AuthoritativeAnswer {
        guard question.dnsClass == .internet || question.dnsClass == .any else { return .failure(.refused) }
        let type = question.type
        if let code = ZoneCatalog.metaTypeResponse(type) { return .failure(code) }
        guard let zone = self.zone(answering: question.name, type: type) else { return .failure(.refused) }

        // BIND's ns_query_start: no-auth-recursive, then the per-type overrides.
        var omitAuthority = recursionDesired
        var omitAdditional = false
        if type == .delegationSigner || type == .dnsKey || type == .childDS || type == .childDNSKey {
            omitAuthority = true
            omitAdditional = true
        } else if type == .any {
            // named 9.18 gives ANY the apex NS but no additional data (seen in Tests/Interop/test_dns.py).
            omitAdditional = true
        } else if type == .ns {
            omitAuthority = false
        }
        if minimalResponses {
            omitAuthority = true
            omitAdditional = true
        }

        var builder = ResponseBuilder()
        var name = question.name
        var authoritative = true
        var code = DNSResponseCode.noError
        var synthesized = false
        var restarts = 0

        chase: while true {
            switch zone.find(name, type: type) {
            case .delegation(let nameServers):
                // BIND clears AA only when the first lookup is the referral.
                if restarts == 0 { authoritative = false }
                builder.add(nameServers, to: .authority)
                // A referral keeps its glue whatever the type asked (named 9.18 sends it with a DS
                // question below the cut too); only minimal responses drop it.
                if !minimalResponses {
                    for target in nameServers.records.compactMap(\.data.targetName) {
                        for glue in zone.glueRecords(for: target) { builder.add(glue, to: .additional) }
                    }
                    if builder.answers.isEmpty && (type == .a || type == .aaaa) {
                        builder.moveToFront(name: name, type: type)
                    }
                }
                break chase

            case .nonexistent:
                code = .nameError
                builder.add(zone.negativeAnswerSOA(zeroTTL: type == .soa), to: .authority)
                break chase

            case .node(let node, let owner):
                if owner != nil { synthesized = true }
                let sets: [ResourceRecordSet]
                if type == .any && minimalAny {
                    sets = [node.rrset(.cname) ?? node.rrsets.first].compactMap { $0 }
                } else if type == .any {
                    sets = node.rrsets
                } else if let set = node.rrset(type) {
                    sets = [set]
                } else if let alias = node.rrset(.cname), case .cname(let target)? = alias.records.first?.data {
                    // RFC 1034 §4.3.2 step 3a: add the CNAME and restart at its target. A CNAME
                    // already in the answer closes a loop.
                    restarts += 1
                    guard builder.add(owner.map { alias.renamed(to: $0) } ?? alias, to: .answer),
                        restarts <= ZoneCatalog.maximumRestarts
                    else {
                        code = .serverFailure
                        break chase
                    }
                    guard self.zone(answering: target, type: type) === zone else { break chase }
                    name = target
                    continue chase
                } else {
                    sets = []
                }
                guard !sets.isEmpty else {
                    builder.add(zone.negativeAnswerSOA(zeroTTL: false), to: .authority)
                    break chase
                }
                for set in sets {
                    let placed = owner.map { set.renamed(to: $0) } ?? set
                    builder.add(placed, to: .answer)
                    if !omitAdditional { addAdditional(for: placed, from: zone, to: &builder) }
                }
                if !omitAuthority, builder.add(zone.nameServers, to: .authority), !omitAdditional {
                    addAdditional(for: zone.nameServers, from: zone, to: &builder)
                }
                break chase
            }
        }
        return AuthoritativeAnswer(
            responseCode: code, isAuthoritative: authoritative, answers: builder.answers,
            authority: builder.authority, additional: builder.additional, isSynthesized: synthesized)
    }

    /// RFC 1035 §4.3.2 step 6: addresses for the names NS, MX and SRV records point at; for MX also the
    /// exchange's SMTP TLSA record (`_25._tcp.EXCHANGE`, RFC 7672 §2.2), which named 9.18 adds so a DANE
    /// client needs no second query.
    private func addAdditional(for set: ResourceRecordSet, from zone: Zone, to builder: inout ResponseBuilder) {
        guard set.type == .ns || set.type == .mx || set.type == .srv else { return }
        for target in set.records.compactMap(\.data.targetName) {
            if set.type == .mx, let owner = target.prepending(Array("_tcp".utf8))?.prepending(Array("_25".utf8)),
                let tlsa = zone.rrset(named: owner, type: .tlsa)
            {
                builder.add(tlsa, to: .additional)
            }
            for addresses in zone.addressRecords(for: target) { builder.add(addresses, to: .additional) }
        }
    }

    /// The error BIND returns for a meta QTYPE (RFC 6895 §3.1), or `nil` to answer normally.
    static func metaTypeResponse(_ type: DNSRecordType) -> DNSResponseCode? {
        switch type.rawValue {
        case DNSRecordType.any.rawValue: nil
        case 253, 254: .notImplemented  // MAILB, MAILA
        case DNSRecordType.opt.rawValue, 128...255: .formatError  // OPT, TKEY, TSIG, IXFR, AXFR, ...
        default: nil
        }
    }
}

extension Zone {
    /// The SOA for the authority section of a negative answer (RFC 2308 §3); `zeroTTL` for BIND's
    /// `zero-no-soa-ttl`, which zeroes it in NXDOMAIN answers to SOA queries.
    func negativeAnswerSOA(zeroTTL: Bool) -> ResourceRecord {
        guard zeroTTL else { return negativeSOA }
        return ResourceRecord(name: negativeSOA.name, dnsClass: negativeSOA.dnsClass, ttl: 0, data: negativeSOA.data)
    }
}
