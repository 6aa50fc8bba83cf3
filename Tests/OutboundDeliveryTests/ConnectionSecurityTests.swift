import DNSProtocol
import MailCore
import MailQueue
import MailroomConfig
import SMTPProtocol
import Testing
@testable import OutboundDelivery

/// A resolver whose `validatedLookup` answers from a table of (name, type) → records and AD bit;
/// `nil` records mean NXDOMAIN; a name in `failing` fails temporarily.
struct ValidatingTableResolver: DNSResolving {
    var answers: [String: (records: [RecordData]?, authenticated: Bool)] = [:]
    var failing: Set<String> = []
    /// Names that are aliases (CNAME) of others: their answers name the target as canonical.
    var aliases: [String: String] = [:]

    func mailExchangers(for domain: DNSName) async throws(DNSResolutionError) -> MailExchangerAnswer { .nullMX }
    func addresses(of host: DNSName) async throws(DNSResolutionError) -> [IPAddress] { [] }
    func text(at name: DNSName) async throws(DNSResolutionError) -> [String]? { nil }

    func lookup(_ name: DNSName, _ type: DNSRecordType) async throws(DNSResolutionError) -> DNSLookupResult {
        try await validatedLookup(name, type).result
    }

    func validatedLookup(_ name: DNSName, _ type: DNSRecordType) async throws(DNSResolutionError)
        -> (result: DNSLookupResult, authenticated: Bool)
    {
        let key = "\(String(name.description.dropLast())) \(type)"
        if failing.contains(key) { throw .timedOut(DNSQuestion(name: name, type: type)) }
        let canonical = aliases[String(name.description.dropLast())].flatMap { DNSName($0) } ?? name
        guard let answer = answers[key] else { return (.noData(canonicalName: canonical, negativeTTL: nil), false) }
        guard let records = answer.records else { return (.nameError(canonicalName: canonical, negativeTTL: nil), answer.authenticated) }
        return (.records(records.map { ResourceRecord(name: canonical, ttl: 300, data: $0) }, canonicalName: canonical),
                answer.authenticated)
    }
}

@Suite("TLS per destination and host: smtp_tls_policy_maps and DANE's DNSSEC rules (RFC 7672 §2.2)")
struct ConnectionSecurityTests {
    let host = MailHost(name: "mx.example.org", port: 25)
    let usableTLSA = RecordData.unknown(.tlsa, [3, 1, 1] + [UInt8](repeating: 7, count: 32))
    let unusableTLSA = RecordData.unknown(.tlsa, [1, 1, 1] + [UInt8](repeating: 7, count: 32))

    func secureHost(tlsa: [RecordData]?, tlsaSecure: Bool = true) -> ValidatingTableResolver {
        ValidatingTableResolver(answers: [
            "example.org MX": ([.mx(preference: 10, exchange: DNSName("mx.example.org")!)], true),
            "mx.example.org A": ([.a(IPAddress("192.0.2.25")!)], true),
            "mx.example.org AAAA": ([], true),
            "_25._tcp.mx.example.org TLSA": (tlsa, tlsaSecure),
        ])
    }

    func choose(_ resolver: ValidatingTableResolver, mxSecure: Bool = true,
                level: SMTPTLSSecurityLevel = .dane) async -> ConnectionSecurity.Choice {
        await ConnectionSecurity.make(for: host, nextHop: "example.org", policy: .init(level: level),
                                      settings: OutboundSettings(hostName: "mail.example.com"), resolver: resolver,
                                      mxSecure: mxSecure)
    }

    func level(_ choice: ConnectionSecurity.Choice) -> SMTPTLSSecurityLevel? {
        if case .use(let security) = choice { return security.level }
        return nil
    }

    @Test("secure MX, addresses and usable TLSA records: TLS required, the certificate matched against them")
    func daneApplies() async {
        guard case .use(let security) = await choose(secureHost(tlsa: [usableTLSA])) else {
            Issue.record("the host was skipped")
            return
        }
        #expect(security.level == .dane)
        #expect(security.startTLS == .required)
        guard case .dane(let records, let names) = security.certificate else {
            Issue.record("no DANE requirement")
            return
        }
        #expect(records.count == 1)
        #expect(names == [.host("mx.example.org"), .host("example.org")])
    }

    @Test("an insecure MX answer, insecure addresses, or no or insecure TLSA records: opportunistic TLS (may)")
    func daneFallsToMay() async {
        #expect(level(await choose(secureHost(tlsa: [usableTLSA]), mxSecure: false)) == .may)
        var insecureAddress = secureHost(tlsa: [usableTLSA])
        insecureAddress.answers["mx.example.org A"] = ([.a(IPAddress("192.0.2.25")!)], false)
        #expect(level(await choose(insecureAddress)) == .may)
        #expect(level(await choose(secureHost(tlsa: nil))) == .may)
        #expect(level(await choose(secureHost(tlsa: [usableTLSA], tlsaSecure: false))) == .may)
    }

    @Test("an address or MX look-up that fails is indeterminate, not insecure: the host is passed by, the destination waits (RFC 7672 §2.1.1)")
    func lookupFailuresAreNotInsecure() async {
        var resolver = secureHost(tlsa: [usableTLSA])
        resolver.failing = ["mx.example.org AAAA"]
        guard case .skip(let failure) = await choose(resolver) else {
            Issue.record("the host was used")
            return
        }
        #expect(failure.status == "4.7.5")
        resolver.failing = ["example.org MX"]
        let settings = OutboundSettings(hostName: "mail.example.com")
        #expect(await ConnectionSecurity.isSecureMX("example.org", settings: settings, resolver: resolver) == nil)
        #expect(await ConnectionSecurity.isSecureMX("example.org", settings: settings, resolver: secureHost(tlsa: nil)) == true)
    }

    @Test("an MX host that is an alias: its TLSA records at the alias's target first, then at its own name (RFC 7672 §2.2.3)")
    func aliasedHost() async {
        var resolver = secureHost(tlsa: nil)
        resolver.aliases = ["mx.example.org": "server.hosting.example"]
        resolver.answers["_25._tcp.server.hosting.example TLSA"] = ([usableTLSA], true)
        #expect(level(await choose(resolver)) == .dane)
        resolver.answers["_25._tcp.server.hosting.example TLSA"] = ([], true)
        resolver.answers["_25._tcp.mx.example.org TLSA"] = ([usableTLSA], true)
        #expect(level(await choose(resolver)) == .dane)
        resolver.answers["_25._tcp.mx.example.org TLSA"] = nil
        #expect(level(await choose(resolver)) == .may)
    }

    @Test("secure TLSA records of which none is usable: TLS required, unchecked (encrypt)")
    func daneUnusable() async {
        #expect(level(await choose(secureHost(tlsa: [unusableTLSA]))) == .encrypt)
    }

    @Test("a TLSA look-up that fails: the host is passed by with 4.7.5, not tried without DANE")
    func tlsaFailure() async {
        var resolver = secureHost(tlsa: [usableTLSA])
        resolver.failing = ["_25._tcp.mx.example.org TLSA"]
        guard case .skip(let failure) = await choose(resolver) else {
            Issue.record("the host was used")
            return
        }
        #expect(failure.status == "4.7.5")
    }

    @Test("verify checks the MX host name, secure the next hop and its subdomains; match= overrides")
    func pkixNames() async {
        let settings = OutboundSettings(hostName: "mail.example.com")
        for (policy, expected) in [
            (TLSPolicyMap.Policy(level: .verify), [CertificateName.host("mx.example.org")]),
            (.init(level: .secure), [.host("example.org"), .anyUnder("example.org")]),
            (.init(level: .secure, match: ["mail.example.net"]), [.host("mail.example.net")]),
        ] {
            let choice = await ConnectionSecurity.make(for: host, nextHop: "example.org", policy: policy, settings: settings,
                                                       resolver: ValidatingTableResolver(), mxSecure: false)
            guard case .use(let security) = choice, case .pkix(_, let names) = security.certificate else {
                Issue.record("no PKIX requirement for \(policy)")
                continue
            }
            #expect(names == expected)
            #expect(security.startTLS == .required)
        }
    }

    @Test("the policy table overrides the level by destination; a relay host is looked up as relayhost writes it (postconf(5))")
    func policyLookup() {
        var settings = OutboundSettings(hostName: "mail.example.com", tlsLevel: .may)
        settings.tlsPolicies = TLSPolicyMap(["example.org": .init(level: .secure), ".example.net": .init(level: .encrypt),
                                             "[relay.example]": .init(level: .verify)])
        #expect(ConnectionSecurity.policy(for: "example.org", settings: settings).level == .secure)
        #expect(ConnectionSecurity.policy(for: "eu.example.net", settings: settings).level == .encrypt)
        #expect(ConnectionSecurity.policy(for: "other.example", settings: settings).level == .may)
        settings.relay = Relayhost(host: "relay.example", port: 25, mxLookup: false)
        #expect(ConnectionSecurity.policy(for: "", settings: settings).level == .verify)
        settings.relay = Relayhost(host: "relay.example", port: 587, mxLookup: false)
        #expect(ConnectionSecurity.policy(for: "", settings: settings).level == .may, "[relay.example]:587 is another key")
        settings.tlsPolicies = TLSPolicyMap(["[relay.example]:587": .init(level: .secure), ".example": .init(level: .encrypt)])
        #expect(ConnectionSecurity.policy(for: "", settings: settings).level == .secure)
        settings.relay = Relayhost(host: "mx.relay.example", port: 2525, mxLookup: true)
        #expect(ConnectionSecurity.policy(for: "", settings: settings).level == .may, "no parent match for host:port")
    }

    @Test("smtp_tls_protocols where TLS is opportunistic, smtp_tls_mandatory_protocols where required, protocols= over either")
    func protocols() async {
        var settings = OutboundSettings(hostName: "mail.example.com")
        settings.tlsProtocols = TLSProtocols(minimum: .tls1_0, maximum: .tls1_3)
        settings.mandatoryTLSProtocols = TLSProtocols(minimum: .tls1_2, maximum: .tls1_3)
        let only13 = TLSProtocols(minimum: .tls1_3, maximum: .tls1_3)
        for (policy, expected) in [
            (TLSPolicyMap.Policy(level: .may), settings.tlsProtocols),
            (.init(level: .encrypt), settings.mandatoryTLSProtocols),
            (.init(level: .verify), settings.mandatoryTLSProtocols),
            (.init(level: .dane), settings.tlsProtocols),
            (.init(level: .may, protocols: only13), only13),
            (.init(level: .encrypt, protocols: only13), only13),
        ] {
            let choice = await ConnectionSecurity.make(for: host, nextHop: "example.org", policy: policy, settings: settings,
                                                       resolver: ValidatingTableResolver(), mxSecure: false)
            guard case .use(let security) = choice else { Issue.record("\(policy) skipped the host"); continue }
            #expect(security.protocols == expected, "\(policy)")
        }
        let dane = await ConnectionSecurity.make(for: host, nextHop: "example.org", policy: .init(level: .dane), settings: settings,
                                                 resolver: secureHost(tlsa: [usableTLSA]), mxSecure: true)
        guard case .use(let security) = dane else { Issue.record("DANE skipped the host"); return }
        #expect(security.level == .dane && security.protocols == settings.mandatoryTLSProtocols)
        let unusable = await ConnectionSecurity.make(for: host, nextHop: "example.org", policy: .init(level: .dane),
                                                     settings: settings, resolver: secureHost(tlsa: [unusableTLSA]),
                                                     mxSecure: true)
        guard case .use(let encrypt) = unusable else { Issue.record("DANE skipped the host"); return }
        #expect(encrypt.level == .encrypt && encrypt.protocols == settings.mandatoryTLSProtocols)
    }
}
