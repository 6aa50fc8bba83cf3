import Glibc
import DNSProtocol
import Logging
import MailCore
import MailQueue
import MailroomConfig
import NIOCore
import NIOPosix
import NIOSSL
import SMTPProtocol
import ServerKit

/// The queue's way out for mail to other domains (``RemoteTransport``): SMTP to each recipient
/// domain's MX hosts (RFC 5321 §5.1), or to the relay host, the way Postfix's smtp(8) sends.
///
/// Recipients are grouped by domain (all in one group through a relay host), the groups sent at
/// the same time. For each group the hosts are tried in order, and each host's addresses: a host
/// that cannot be reached, or gives up before the transaction (greeting, EHLO, TLS), passes the
/// recipients to the next; once a server has answered the transaction, its answers stand (4yz
/// deferred, 5yz bounced). Under `smtp_tls_security_level = may` a failed TLS handshake is tried
/// again in plaintext on the same address, as Postfix does (not when there is a login for the
/// host, which is only ever sent over TLS); where TLS is required a failed handshake, and under the
/// levels that check the certificate (``ConnectionSecurity``) a certificate that fails the check,
/// pass the recipients to the next host, deferred with 4.7.5 if none is left.
public struct SMTPTransport: RemoteTransport {
    let settings: OutboundSettings
    let resolver: any DNSResolving
    let threadPool: NIOThreadPool
    let logger: Logger
    /// Client TLS contexts by the versions they offer: `smtp_tls_protocols`,
    /// `smtp_tls_mandatory_protocols` and every `protocols=` of the policy table, so every range
    /// ``ConnectionSecurity`` can pick. Their certificate checks are each connection's
    /// ``PeerCertificateRecord``.
    private let tls: [TLSProtocols: NIOSSLContext]
    /// Connections left open for the next message to their destination.
    private let cache = SMTPConnectionCache()
    /// Deliveries under way per destination.
    private let slots: DestinationSlots

    public init(settings: OutboundSettings, resolver: any DNSResolving, threadPool: NIOThreadPool, logger: Logger) throws {
        self.settings = settings
        self.resolver = resolver
        self.threadPool = threadPool
        self.logger = logger
        slots = DestinationSlots(limit: settings.destinationConcurrencyLimit, suspensionTime: settings.deadDestinationSuspension,
                                 rateDelay: settings.destinationRateDelay)
        // Made whatever smtp_tls_security_level says: smtp_tls_policy_maps may ask for TLS anyway.
        // One context for each range of TLS versions the settings and the policy table name.
        let ranges = Set([settings.tlsProtocols, settings.mandatoryTLSProtocols])
            .union(settings.tlsPolicies.entries.values.compactMap(\.protocols))
        tls = try Dictionary(uniqueKeysWithValues: ranges.map { ($0, try Self.clientContext($0)) })
    }

    private static func clientContext(_ protocols: TLSProtocols) throws -> NIOSSLContext {
        var configuration = TLSConfiguration.makeClientConfiguration()
        // Not `.none`, which would skip the per-connection verifier that does all the checking.
        configuration.certificateVerification = .noHostnameVerification
        configuration.minimumTLSVersion = tlsVersion(protocols.minimum)
        configuration.maximumTLSVersion = tlsVersion(protocols.maximum)
        return try NIOSSLContext(configuration: configuration)
    }

    private static func tlsVersion(_ version: TLSProtocols.Version) -> TLSVersion {
        switch version {
        case .tls1_0: .tlsv1
        case .tls1_1: .tlsv11
        case .tls1_2: .tlsv12
        case .tls1_3: .tlsv13
        }
    }

    public func deliver(_ message: SpooledMessage, to recipients: [MessageRecipient]) async -> [RecipientResult] {
        await deliver(message, to: recipients, slot: .unmanaged)
    }

    public func deliver(_ message: SpooledMessage, to recipients: [MessageRecipient], slot: DeliverySlot) async -> [RecipientResult] {
        var groups: [String: [Int]] = [:]
        for (index, recipient) in recipients.enumerated() {
            let domain = settings.relay == nil ? Self.domain(of: recipient.address) : ""
            groups[domain, default: []].append(index)
        }
        var results = [RecipientResult?](repeating: nil, count: recipients.count)
        // The queue slot is the message's: given back only when its one destination waits, never
        // while another group of the same message is sending.
        let queueSlot = groups.count == 1 ? slot : .unmanaged
        await withTaskGroup(of: [(Int, RecipientResult)].self) { group in
            for (domain, indices) in groups {
                group.addTask {
                    let answers = await slots.withSlot(for: domain, queueSlot: queueSlot) {
                        if let reason = await slots.suspension(of: domain) {
                            let failure = DeliveryFailure(status: "4.4.1", reason: "delivery temporarily suspended: \(reason)")
                            return indices.map { _ in RecipientResult.failed(failure) }
                        }
                        return await deliver(message, to: indices.map { recipients[$0] }, domain: domain)
                    }
                    return Array(zip(indices, answers))
                }
            }
            for await answers in group {
                for (index, result) in answers { results[index] = result }
            }
        }
        return results.map { $0! }
    }

    public func flushed() async {
        await slots.resumeAll()
    }

    /// The part of an address after its last `@`, lower-cased (the destination).
    static func domain(of address: String) -> String {
        guard let at = address.utf8.lastIndex(of: UInt8(ascii: "@")) else { return "" }
        return String(address[address.utf8.index(after: at)...]).lowercased()
    }

    /// One destination's recipients, host after host until every one has an answer.
    private func deliver(_ message: SpooledMessage, to recipients: [MessageRecipient], domain: String) async -> [RecipientResult] {
        if let results = await sendOverCachedConnection(message, to: recipients, destination: domain) {
            return results
        }
        let hosts: [MailHost]
        switch await DestinationPlan.make(for: domain, settings: settings, resolver: resolver) {
        case .failed(let failure): return recipients.map { _ in .failed(failure) }
        case .hosts(let planned): hosts = planned
        }
        let policy = ConnectionSecurity.policy(for: domain, settings: settings)
        let nextHop = settings.relay?.host ?? domain
        var mxSecure = false
        if policy.level == .dane {
            guard let secure = await ConnectionSecurity.isSecureMX(domain, settings: settings, resolver: resolver) else {
                return recipients.map { _ in .failed(DeliveryFailure(status: "4.7.5", reason: "MX lookup error for \(nextHop)")) }
            }
            mxSecure = secure
        }
        var results = [RecipientResult?](repeating: nil, count: recipients.count)
        var lastFailure = DeliveryFailure(status: "4.4.1", reason: "no mail host for \(domain) could be reached")
        hosts: for (position, host) in hosts.enumerated() {
            let (addresses, notFound) = await self.addresses(of: host)
            if let notFound { lastFailure = notFound }
            guard !addresses.isEmpty else { continue }
            if let own = settings.ownListener, own.port == host.port, addresses.contains(where: { own.addresses.contains($0.unmapped) }) {
                // RFC 5321 §5.1: this host is this server; it and the hosts after it would send the
                // mail back here. The best MX being this server is a loop (Postfix: 5.4.6).
                if position == 0 {
                    return recipients.map { _ in .failed(DeliveryFailure(status: "5.4.6", reason: "mail for \(nextHop) loops back to myself")) }
                }
                break hosts
            }
            let security: ConnectionSecurity
            switch await ConnectionSecurity.make(for: host, nextHop: nextHop, policy: policy, settings: settings,
                                                 resolver: resolver, mxSecure: mxSecure) {
            case .use(let chosen): security = chosen
            case .skip(let failure):
                lastFailure = failure
                continue hosts
            }
            for address in addresses {
                let pending = results.indices.filter { results[$0] == nil }
                let attempt = await converse(message, with: pending.map { recipients[$0] }, at: host, address,
                                             destination: domain, security: security)
                switch attempt {
                case .unreachable(let failure):
                    lastFailure = failure
                case .answered(let answers):
                    for (index, answer) in zip(pending, answers) { results[index] = answer }
                    await slots.resume(domain)
                    break hosts
                }
            }
        }
        if results.allSatisfy({ $0 == nil }), !lastFailure.isPermanent {
            // No host answered: later deliveries to the destination are deferred at once for a while.
            await slots.suspend(domain, because: Self.reason(of: lastFailure))
        }
        return results.map { $0 ?? .failed(lastFailure) }
    }

    /// The addresses of `host`: itself when it is an IP address, else its A and AAAA records; none,
    /// and why, when the look-up fails (the next host is tried, as for one that cannot be reached).
    private func addresses(of host: MailHost) async -> ([IPAddress], DeliveryFailure?) {
        if let address = IPAddress(host.name) { return ([address], nil) }
        guard let name = DNSName(host.name) else {
            return ([], DeliveryFailure(status: "5.1.2", reason: "bad host name \(host.name)"))
        }
        let failure: DNSResolutionError
        do {
            let found = try await resolver.addresses(of: name)
            guard found.isEmpty else { return (found, nil) }
            failure = .nameError(name)
        } catch {
            failure = error
        }
        return ([], DeliveryFailure(status: failure.isTemporary ? "4.4.3" : "4.4.4",
                                    reason: DestinationPlan.nameServiceFailure(name: host.name, type: "A", failure)))
    }

    /// What one address gave: answers for every recipient, or a reason to try the next address.
    private enum Attempt {
        case unreachable(DeliveryFailure)
        case answered([RecipientResult])
    }

    private func converse(_ message: SpooledMessage, with recipients: [MessageRecipient], at host: MailHost,
                          _ address: IPAddress, destination: String, security: ConnectionSecurity) async -> Attempt {
        let relay = "\(host.name)[\(address)]:\(host.port)"
        let peer = PeerCertificateRecord(requirement: security.certificate)
        // Every range a ConnectionSecurity can carry has its context (init); were one missing, the
        // host is passed by rather than offered other versions than the settings name.
        let context = tls[security.protocols]
        guard security.level == .none || context != nil else {
            return .unreachable(DeliveryFailure(status: "4.3.5", reason: "no TLS context for \(security.protocols)"))
        }
        let connection: Connection
        do {
            let socket = try SocketAddress(ipAddress: address.description, port: host.port)
            connection = try await Connection.connect(
                to: socket, name: "smtp", connectTimeout: settings.connectTimeout, writeTimeout: settings.timeouts.dataBlock,
                tls: security.level == .none ? nil : context,
                serverHostname: IPAddress(host.name) == nil ? host.name : nil,
                verifyPeer: peer.verifier, maximumLineLength: settings.maximumReplyLineLength)
        } catch {
            return .unreachable(DeliveryFailure(status: "4.4.1", reason: "connect to \(relay): \(Self.connectFailure(error))"))
        }
        let login = settings.logins?.login(host: host.name, port: host.port)
        let machine = SMTPClientMachine(configuration: .init(
            heloName: settings.hostName, startTLS: security.startTLS, timeouts: settings.timeouts,
            credentials: login))
        let (cache, cacheTime, replyLines, logger) = (cache, settings.connectionCacheTime, settings.maximumReplyLines, logger)
        let result = await withCheckedContinuation { (answer: CheckedContinuation<SMTPConversation.Result, Never>) in
            let first = work(message, recipients) { answer.resume(returning: $0) }
            // The conversation outlives this message: it waits for the next one to the destination.
            Task {
                var conversation = SMTPConversation(connection: connection, relay: relay, machine: machine, first: first,
                                                    maximumReplyLines: replyLines)
                await conversation.run { await cache.nextWork(for: destination, within: cacheTime) }
            }
        }
        let metadata: Logger.Metadata = ["queue-id": "\(message.id)"]
        if let version = result.tlsVersion {
            logger.info("\(security.verifiesCertificate ? "Verified" : "Untrusted") TLS connection established to \(relay): \(version)",
                        metadata: metadata)
            if let summary = peer.summary { logger.info("\(relay): \(summary)", metadata: metadata) }
        }
        if let outcomes = result.outcomes {
            return .answered(outcomes.map { Self.result(of: $0, relay: relay, dsnPassedOn: result.dsnPassedOn) })
        }
        let failure = result.failure
        if let refusal = peer.refusal {
            // RFC 7672 §2.2, Postfix: a server whose certificate fails the check is not used; the next one may be.
            logger.warning("certificate verification failed for \(relay): \(refusal)", metadata: metadata)
            if let summary = peer.summary { logger.info("\(relay): \(summary)", metadata: metadata) }
            return .unreachable(DeliveryFailure(status: "4.7.5", reason: "\(relay): Server certificate not verified: \(refusal)"))
        }
        if failure?.stage == .tlsHandshake, failure?.reply == nil {
            // The handshake failed (not a refusal, which the machine already turned into plaintext):
            // no common TLS version or cipher, or the server hung up. Where TLS is optional the mail
            // goes in the clear instead, unless a login for the host waits, which is never sent in
            // the clear (Postfix: no plaintext fallback with SASL credentials); where TLS is
            // required the host is not used (4.7.5, as Postfix).
            let why = failure?.reason ?? "handshake failure"
            if security.level == .may, login == nil {
                logger.info("TLS handshake with \(relay) failed (\(why)); trying again without TLS", metadata: metadata)
                return await converse(message, with: recipients, at: host, address, destination: destination,
                                      security: .plaintext)
            }
            let required = security.level == .may ? "a login for it needs TLS" : "TLS is required"
            logger.warning("TLS handshake with \(relay) failed (\(why)); \(required), so the host is not used",
                           metadata: metadata)
            return .unreachable(DeliveryFailure(status: "4.7.5",
                                                reason: "\(relay): Cannot start TLS: handshake failure"))
        }
        var failed = DeliveryFailure(
            status: failure?.status.description ?? "4.4.2",
            diagnostic: failure?.reply.map(Self.diagnostic) ?? "\(relay): \(failure?.reason ?? "conversation ended early")")
        failed.relay = relay
        return .unreachable(failed)
    }

    /// A failure as the reason of a suspension: what the server said (`host mx[addr]:25 said: 554 ...`),
    /// or a local reason without the reply code and status put before it.
    static func reason(of failure: DeliveryFailure) -> String {
        if let relay = failure.relay { return "host \(relay) said: \(failure.diagnostic)" }
        let words = failure.diagnostic.split(separator: " ", maxSplits: 2)
        return words.count == 3 && words[0].count == 3 && words[0].allSatisfy(\.isNumber) ? String(words[2]) : failure.diagnostic
    }

    /// Why a connect failed, in the words Postfix logs: `Connection refused`, `Connection timed out`.
    static func connectFailure(_ error: any Error) -> String {
        if let error = error as? IOError { return String(cString: strerror(error.errnoCode)) }
        if case ChannelError.connectTimeout = error { return "Connection timed out" }
        return "\(error)"
    }

    /// The message to send to `recipients` over a conversation, its answer going to `report`.
    private func work(_ message: SpooledMessage, _ recipients: [MessageRecipient],
                      report: @escaping @Sendable (SMTPConversation.Result) -> Void) -> SMTPConversation.Work {
        SMTPConversation.Work(transaction: transaction(message, recipients),
                              message: SpooledMessageSource(message: message, threadPool: threadPool), report: report)
    }

    /// The answers of a connection left open to `destination`, when one takes the message; `nil`
    /// when none is waiting, or the one that took it had been closed by the server meanwhile.
    private func sendOverCachedConnection(_ message: SpooledMessage, to recipients: [MessageRecipient],
                                          destination: String) async -> [RecipientResult]? {
        let cache = cache
        let result = await withCheckedContinuation { (answer: CheckedContinuation<SMTPConversation.Result?, Never>) in
            let offered = work(message, recipients) { answer.resume(returning: $0) }
            Task {
                if await !cache.handOver(offered, to: destination) { answer.resume(returning: nil) }
            }
        }
        guard let result, let outcomes = result.outcomes else { return nil }
        let relay = result.relay
        return outcomes.map { Self.result(of: $0, relay: relay, dsnPassedOn: result.dsnPassedOn) }
    }

    /// The envelope as MAIL and RCPT send it.
    private func transaction(_ message: SpooledMessage, _ recipients: [MessageRecipient]) -> SMTPClientTransaction {
        let envelope = message.envelope
        return SMTPClientTransaction(
            sender: envelope.sender,
            recipients: recipients.map { .init(address: $0.address, notify: $0.notify, originalRecipient: $0.originalRecipientParameter) },
            size: Int(message.length), eightBit: envelope.eightBit, smtpUTF8: envelope.smtpUTF8,
            envelopeID: envelope.envelopeID, returnHeadersOnly: envelope.returnHeadersOnly ? true : nil)
    }

    /// A recipient's outcome as the queue keeps it.
    static func result(of outcome: SMTPClientMachine.Outcome, relay: String, dsnPassedOn: Bool = false) -> RecipientResult {
        var failure: DeliveryFailure
        switch outcome {
        case .accepted(let reply):
            return .delivered(diagnostic(reply), relay: relay, dsnPassedOn: dsnPassedOn)
        case .refused(let reply, _):
            let status = reply.enhancedCode?.description ?? (reply.code.kind == 5 ? "5.0.0" : "4.0.0")
            failure = DeliveryFailure(status: status, diagnostic: diagnostic(reply))
        case .notSent(let status, let reason):
            failure = DeliveryFailure(status: status.description, reason: reason)
        }
        failure.relay = relay
        return .failed(failure)
    }

    /// A reply as one line: `550 5.1.1 <bob@example.org>: Recipient address rejected`. The server's
    /// text has its control characters replaced: it goes into the log and DSN fields.
    static func diagnostic(_ reply: SMTPReply) -> String {
        DeliveryFailure.oneLine([reply.code.description, reply.enhancedCode?.description, reply.text]
            .compactMap { $0 }.joined(separator: " "))
    }
}
