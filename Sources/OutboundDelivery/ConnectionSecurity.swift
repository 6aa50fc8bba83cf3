import DNSProtocol
import MailCore
import MailQueue
import MailroomConfig
import SMTPProtocol

/// How one connection to one mail host uses TLS: whether STARTTLS is required and what the
/// server's certificate must be. Made by ``make(for:nextHop:settings:resolver:mxSecure:)`` from the
/// destination's TLS level and, under `dane`, the host's DNSSEC-validated TLSA records.
struct ConnectionSecurity: Sendable {
    /// The level in force for this host (`dane` may have come down to `may` or `encrypt`).
    var level: SMTPTLSSecurityLevel
    var certificate: CertificateRequirement
    /// The TLS versions offered (`smtp_tls_protocols`, `smtp_tls_mandatory_protocols`, `protocols=`).
    var protocols = TLSProtocols.postfixDefault

    static let plaintext = ConnectionSecurity(level: .none, certificate: .any)

    /// What to do about one host: connect with this security, or pass it by for this reason.
    enum Choice: Sendable {
        case use(ConnectionSecurity)
        case skip(DeliveryFailure)
    }

    /// What the client machine does about STARTTLS.
    var startTLS: SMTPClientMachine.StartTLSUse {
        switch level {
        case .none: .never
        case .may: .ifOffered
        case .encrypt, .dane, .verify, .secure: .required
        }
    }

    /// True when the certificate is checked, so a connection that passes is logged as verified.
    var verifiesCertificate: Bool {
        if case .any = certificate { return false }
        return true
    }

    /// The level and `match=` names for a next hop: its `smtp_tls_policy_maps` entry, else
    /// `smtp_tls_security_level`. A relay host is looked up as `relayhost` writes it, brackets and a
    /// port other than 25 included (postconf(5): `[host]:587`, `[host]`, `host`); a domain as
    /// itself, then `.parent` entries.
    static func policy(for destination: String, settings: OutboundSettings) -> TLSPolicyMap.Policy {
        var key = destination
        if let relay = settings.relay {
            key = relay.mxLookup ? relay.host : "[\(relay.host)]"
            if relay.port != 25 { key += ":\(relay.port)" }
        }
        return settings.tlsPolicies.policy(for: key) ?? .init(level: settings.tlsLevel)
    }

    /// The security for `host` of a destination whose policy is `policy`. `nextHop` is the domain
    /// (or relay host) the certificate names are matched against. `mxSecure` says the host came
    /// from a DNSSEC-validated MX answer, or from no MX look-up at all (RFC 7672 §2.2.1).
    /// `skip` when this host must not be used now (a TLSA look-up that failed, RFC 7672 §2.2).
    static func make(for host: MailHost, nextHop: String, policy: TLSPolicyMap.Policy, settings: OutboundSettings,
                     resolver: any DNSResolving, mxSecure: Bool) async -> Choice {
        let choice = await levelAndCertificate(for: host, nextHop: nextHop, policy: policy, settings: settings,
                                               resolver: resolver, mxSecure: mxSecure)
        guard case .use(var security) = choice else { return choice }
        // postconf(5), smtp_tls_policy_maps: `protocols=` overrides smtp_tls_protocols where TLS is
        // opportunistic and smtp_tls_mandatory_protocols where it is required.
        let levelProtocols = security.level == .may ? settings.tlsProtocols : settings.mandatoryTLSProtocols
        security.protocols = policy.protocols ?? levelProtocols
        return .use(security)
    }

    private static func levelAndCertificate(for host: MailHost, nextHop: String, policy: TLSPolicyMap.Policy,
                                            settings: OutboundSettings, resolver: any DNSResolving,
                                            mxSecure: Bool) async -> Choice {
        switch policy.level {
        case .none, .may, .encrypt:
            return .use(ConnectionSecurity(level: policy.level, certificate: .any))
        case .verify, .secure:
            let words = policy.match ?? (policy.level == .verify ? settings.verifyCertMatch : settings.secureCertMatch)
            let names = CertificateName.resolving(words, hostName: host.name, nextHop: nextHop)
            return .use(ConnectionSecurity(level: policy.level, certificate: .pkix(roots: settings.trustedCAs, names: names)))
        case .dane:
            return await dane(for: host, nextHop: nextHop, resolver: resolver, mxSecure: mxSecure)
        }
    }

    /// RFC 7672 §2.2: DANE applies when the MX answer, the host's address records and its TLSA
    /// records are all secure; secure but unusable TLSA records still require TLS (`encrypt`); a
    /// host outside DNSSEC gets opportunistic TLS (`may`).
    private static func dane(for host: MailHost, nextHop: String, resolver: any DNSResolving,
                             mxSecure: Bool) async -> Choice {
        let opportunistic = ConnectionSecurity(level: .may, certificate: .any)
        guard mxSecure, IPAddress(host.name) == nil, let name = DNSName(host.name),
              let tlsaName = DNSName("_\(host.port)._tcp.\(host.name)")
        else { return .use(opportunistic) }
        // §2.2.2: the TLSA records of a host whose addresses are insecure are not looked up; an
        // address look-up that failed (perhaps a bogus answer, §2.1.1) is no reason to trust less.
        var canonicalName = name
        for type in [DNSRecordType.a, .aaaa] {
            let answer: (result: DNSLookupResult, authenticated: Bool)
            do {
                answer = try await resolver.validatedLookup(name, type)
            } catch {
                return .skip(DeliveryFailure(status: "4.7.5", reason: "address lookup error for \(host.name)"))
            }
            guard answer.authenticated else { return .use(opportunistic) }
            if !answer.result.records.isEmpty { canonicalName = answer.result.canonicalName }
        }
        // §2.2.3: a host that is an alias has its TLSA records looked for at the alias's target
        // first, then at the name the MX record gave.
        var candidates = [tlsaName]
        if canonicalName != name, let expanded = DNSName("_\(host.port)._tcp.\(canonicalName)") { candidates.insert(expanded, at: 0) }
        var records: [ResourceRecord] = []
        for candidate in candidates where records.isEmpty {
            do {
                let answer = try await resolver.validatedLookup(candidate, .tlsa)
                if answer.authenticated { records = answer.result.records }
            } catch {
                return .skip(DeliveryFailure(status: "4.7.5", reason: "TLSA lookup error for \(host.name):\(host.port)"))
            }
        }
        guard !records.isEmpty else { return .use(opportunistic) }
        let usable = records.compactMap { TLSARecord($0.data) }.filter(\.isUsableForSMTP)
        guard !usable.isEmpty else { return .use(ConnectionSecurity(level: .encrypt, certificate: .any)) }
        // §3.2.3: a DANE-TA chain's leaf names the TLSA base domain (the MX host) or the next hop.
        let names = CertificateName.resolving(["hostname", "nexthop"], hostName: host.name, nextHop: nextHop)
        return .use(ConnectionSecurity(level: .dane, certificate: .dane(usable, names: names)))
    }

    /// Whether `domain`'s MX answer is DNSSEC-validated (or its hosts come from no MX look-up: a
    /// relay host in brackets), as DANE needs before it trusts any host name (RFC 7672 §2.2.1);
    /// `nil` when the look-up failed, which is indeterminate, not insecure: the mail waits.
    static func isSecureMX(_ domain: String, settings: OutboundSettings, resolver: any DNSResolving) async -> Bool? {
        if let relay = settings.relay, !relay.mxLookup { return true }
        guard let name = DNSName(settings.relay?.host ?? domain) else { return false }
        return try? await resolver.validatedLookup(name, .mx).authenticated
    }
}
