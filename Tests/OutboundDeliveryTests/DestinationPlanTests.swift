import DNSProtocol
import MailCore
import MailQueue
import MailroomConfig
import Testing
@testable import OutboundDelivery

/// A resolver that answers MX look-ups from a table and A/AAAA from another.
struct TableResolver: DNSResolving {
    var exchangers: [String: Result<MailExchangerAnswer, DNSResolutionError>] = [:]
    var hosts: [String: [IPAddress]] = [:]

    func mailExchangers(for domain: DNSName) async throws(DNSResolutionError) -> MailExchangerAnswer {
        guard let answer = exchangers[Self.key(domain)] else { throw .nameError(domain) }
        return try answer.get()
    }

    func addresses(of host: DNSName) async throws(DNSResolutionError) -> [IPAddress] {
        guard let found = hosts[Self.key(host)] else { throw .nameError(host) }
        return found
    }

    func text(at name: DNSName) async throws(DNSResolutionError) -> [String]? { nil }

    func lookup(_ name: DNSName, _ type: DNSRecordType) async throws(DNSResolutionError) -> DNSLookupResult {
        .nameError(canonicalName: name, negativeTTL: nil)
    }

    private static func key(_ name: DNSName) -> String { String(name.description.dropLast()) }

    static func exchangers(_ names: String...) -> MailExchangerAnswer {
        .exchangers(names.enumerated().map { MailExchanger(preference: UInt16($0.offset * 10), exchange: DNSName($0.element)!) })
    }
}

@Suite("Where outbound mail goes (RFC 5321 §5.1, RFC 7505, Postfix's relayhost)")
struct DestinationPlanTests {
    let settings = OutboundSettings(hostName: "mail.example.com", remotePort: 2525)

    @Test("MX hosts in preference order, each on smtp_remote_port")
    func mxHosts() async {
        let resolver = TableResolver(exchangers: ["example.org": .success(TableResolver.exchangers("mx1.example.org", "mx2.example.org"))])
        #expect(await DestinationPlan.make(for: "example.org", settings: settings, resolver: resolver)
            == .hosts([MailHost(name: "mx1.example.org", port: 2525), MailHost(name: "mx2.example.org", port: 2525)]))
    }

    @Test("no MX: the domain is its own mail host (implicit MX)")
    func implicitMX() async {
        let resolver = TableResolver(exchangers: ["example.org": .success(.implicit(DNSName("example.org")!))])
        #expect(await DestinationPlan.make(for: "example.org", settings: settings, resolver: resolver)
            == .hosts([MailHost(name: "example.org", port: 2525)]))
    }

    @Test("a null MX bounces with 556 5.1.10 (RFC 7505 §4.2); a domain that does not exist with 5.4.4; a DNS failure waits (4.4.3)")
    func failures() async {
        let resolver = TableResolver(exchangers: [
            "null.example": .success(.nullMX),
            "slow.example": .failure(.noServers),
        ])
        guard case .failed(let null) = await DestinationPlan.make(for: "null.example", settings: settings, resolver: resolver) else {
            Issue.record("a null MX was used")
            return
        }
        #expect(null.status == "5.1.10" && null.diagnostic.hasPrefix("556 5.1.10") && null.isPermanent)
        guard case .failed(let missing) = await DestinationPlan.make(for: "nowhere.example", settings: settings, resolver: resolver),
              case .failed(let slow) = await DestinationPlan.make(for: "slow.example", settings: settings, resolver: resolver)
        else {
            Issue.record("a failed look-up gave hosts")
            return
        }
        #expect(missing.status == "5.4.4" && missing.diagnostic.contains("name=nowhere.example type=MX: Host not found"))
        #expect(slow.status == "4.4.3" && !slow.isPermanent)
    }

    @Test("this host among the MX hosts: only the more preferred are tried; first of them, the mail would loop (5.4.6)")
    func loopsBack() async {
        let resolver = TableResolver(exchangers: [
            "backup.example": .success(TableResolver.exchangers("primary.example", "MAIL.example.com", "tertiary.example")),
            "ours.example": .success(TableResolver.exchangers("mail.example.com", "other.example")),
        ])
        #expect(await DestinationPlan.make(for: "backup.example", settings: settings, resolver: resolver)
            == .hosts([MailHost(name: "primary.example", port: 2525)]))
        guard case .failed(let loop) = await DestinationPlan.make(for: "ours.example", settings: settings, resolver: resolver) else {
            Issue.record("mail to a domain this host is the best MX of was sent out")
            return
        }
        #expect(loop.status == "5.4.6" && loop.diagnostic.contains("loops back to myself"))
    }

    @Test("relayhost: [host]:port as it is, host:port through its MX hosts, for every domain")
    func relayHost() async {
        var direct = settings
        direct.relay = Relayhost(host: "smarthost.example.net", port: 587, mxLookup: false)
        let resolver = TableResolver(exchangers: ["relay.example.net": .success(TableResolver.exchangers("in.relay.example.net"))])
        #expect(await DestinationPlan.make(for: "example.org", settings: direct, resolver: resolver)
            == .hosts([MailHost(name: "smarthost.example.net", port: 587)]))
        var byMX = settings
        byMX.relay = Relayhost(host: "relay.example.net", port: 26, mxLookup: true)
        #expect(await DestinationPlan.make(for: "anything.example", settings: byMX, resolver: resolver)
            == .hosts([MailHost(name: "in.relay.example.net", port: 26)]))
    }
}
