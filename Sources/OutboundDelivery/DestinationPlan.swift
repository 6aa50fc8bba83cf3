import DNSProtocol
import MailQueue
import MailroomConfig

/// One server to try: its name (for the address look-up, SNI and the log) and port.
struct MailHost: Hashable, Sendable {
    var name: String
    var port: Int
}

/// Where the mail for one destination goes (RFC 5321 §5.1): the servers in the order to try them,
/// or why it cannot go anywhere.
enum DestinationPlan: Hashable, Sendable {
    case hosts([MailHost])
    case failed(DeliveryFailure)

    /// The plan for mail to `domain`: the relay host when one is set (`[host]` as it is, else its MX
    /// hosts), otherwise the domain's MX hosts, or the domain itself when it has no MX (implicit MX).
    static func make(for domain: String, settings: OutboundSettings, resolver: any DNSResolving) async -> DestinationPlan {
        if let relay = settings.relay, !relay.mxLookup {
            return .hosts([MailHost(name: relay.host, port: relay.port)])
        }
        let target = settings.relay?.host ?? domain
        let port = settings.relay?.port ?? settings.remotePort
        guard let name = DNSName(target) else {
            return .failed(DeliveryFailure(status: "5.1.2", reason: "bad destination domain \(target)"))
        }
        let answer: MailExchangerAnswer
        do {
            answer = try await resolver.mailExchangers(for: name)
        } catch {
            // Postfix's wording; NXDOMAIN is permanent (5.4.4), anything else is tried again (4.4.3).
            return .failed(DeliveryFailure(status: error.isTemporary ? "4.4.3" : "5.4.4",
                                           reason: nameServiceFailure(name: target, type: "MX", error)))
        }
        switch answer {
        case .nullMX:
            // RFC 7505 §4.2: 556 5.1.10.
            return .failed(DeliveryFailure(status: "5.1.10", diagnostic: "556 5.1.10 Domain \(target) does not accept mail (nullMX)"))
        case .implicit(let host):
            return .hosts([MailHost(name: hostName(host), port: port)])
        case .exchangers(let exchangers):
            // RFC 5321 §5.1: when this host is one of the MX hosts, only the more preferred ones are
            // tried; when it is the most preferred, the mail would loop.
            let hosts = exchangers.map { MailHost(name: hostName($0.exchange), port: port) }
            let ours = hosts.firstIndex { $0.name.lowercased() == settings.hostName.lowercased() }
            let tried = Array(hosts[..<(ours ?? hosts.endIndex)])
            guard !tried.isEmpty else {
                return .failed(DeliveryFailure(status: "5.4.6", reason: "mail for \(target) loops back to myself"))
            }
            return .hosts(tried)
        }
    }

    /// Postfix's words for a failed look-up: `Host or domain name not found. Name service error for
    /// name=NAME type=TYPE: Host not found[, try again]`.
    static func nameServiceFailure(name: String, type: String, _ error: DNSResolutionError) -> String {
        "Host or domain name not found. Name service error for name=\(name) type=\(type): "
            + (error.isTemporary ? "Host not found, try again" : "Host not found")
    }

    /// A DNS name as a host name: no trailing dot.
    private static func hostName(_ name: DNSName) -> String {
        let text = name.description
        return text.hasSuffix(".") ? String(text.dropLast()) : text
    }
}
