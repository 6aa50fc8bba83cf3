import DNSProtocol
import MailCore

/// A caching stub resolver (RFC 1034 §5.3.1): it asks configured recursive servers, follows
/// CNAMEs (RFC 1034 §5.3.3), caches positive and negative answers (RFC 2308 §5), and reports
/// failures as temporary or permanent for mail (RFC 5321 §5.1).
///
/// I/O is a `DNSExchanging` transport; time and randomness are injected so behaviour under
/// test is deterministic. Query IDs come from the injected generator, which in production
/// must be a CSPRNG (`SystemRandomNumberGenerator`, RFC 5452 §9.2).
public actor StubResolver: DNSResolving {
    public let configuration: StubResolverConfiguration
    private let transport: any DNSExchanging
    private let now: @Sendable () -> ContinuousClock.Instant
    /// Internal, not private: the mail extension shuffles MX hosts with it.
    var random: any RandomNumberGenerator & Sendable
    private var cache: ResolverCache
    /// Queries on the wire, so concurrent identical lookups share one exchange instead of
    /// stampeding the servers when many queued messages go to the same domain.
    private var inFlight: [DNSQuestion: Task<Result<ServerAnswer, DNSResolutionError>, Never>] = [:]
    /// How many lookups joined a query already on the wire (observability, and tests).
    private(set) var coalescedQueries = 0

    /// - Parameters:
    ///   - configuration: servers, retries, timeouts and cache bounds.
    ///   - transport: sends one query to one server (the NIO UDP/TCP transport in production).
    ///   - random: source for query IDs (RFC 5452 §9.2) and MX shuffling (RFC 5321 §5.1).
    ///   - now: the clock that ages cache entries.
    public init(
        configuration: StubResolverConfiguration, transport: any DNSExchanging,
        random: any RandomNumberGenerator & Sendable = SystemRandomNumberGenerator(),
        now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }
    ) {
        self.configuration = configuration
        self.transport = transport
        self.random = random
        self.now = now
        self.cache = ResolverCache(
            capacity: configuration.cacheCapacity, maximumTTL: configuration.maximumTTL,
            maximumNegativeTTL: configuration.maximumNegativeTTL)
    }

    /// Records of `type` at `name`, following CNAMEs through the cache, within one response, and
    /// with further queries (RFC 1034 §5.3.3), bounded by `maximumAliasChain` and loop-checked.
    public func lookup(_ name: DNSName, _ type: DNSRecordType) async throws(DNSResolutionError) -> DNSLookupResult {
        try await resolve(name, type).0
    }

    /// `lookup`, and whether every response it used had the AD bit from a server on loopback: the
    /// only validating resolver mailroom trusts, since the bit is not protected on the way (RFC 4035
    /// §4.9.3, RFC 7672 §2.1: "a local caching DNSSEC-validating resolver"). When that resolver
    /// failed (SERVFAIL: perhaps a bogus answer) and another server answered, the answer is
    /// indeterminate and this throws `serverFailure` (RFC 7672 §2.1.1), where `lookup` returns it.
    public func validatedLookup(_ name: DNSName, _ type: DNSRecordType) async throws(DNSResolutionError)
        -> (result: DNSLookupResult, authenticated: Bool)
    {
        let (result, authenticated, indeterminate) = try await resolve(name, type)
        if indeterminate { throw .serverFailure(DNSQuestion(name: name, type: type), .serverFailure) }
        return (result, authenticated)
    }

    /// The look-up both public methods share: the result, whether every step was authenticated, and
    /// whether any step was indeterminate.
    private func resolve(_ name: DNSName, _ type: DNSRecordType) async throws(DNSResolutionError)
        -> (DNSLookupResult, authenticated: Bool, indeterminate: Bool)
    {
        var indeterminate = false
        var current = name
        var chain = AliasChain(start: name, limit: configuration.maximumAliasChain)
        var authenticated = true
        while true {
            let question = DNSQuestion(name: current, type: type)
            if let (hit, secure) = cache.validatedLookup(current, type, now: now()) {
                authenticated = authenticated && secure
                switch hit {
                case .records(let records): return (.records(records, canonicalName: current), authenticated, indeterminate)
                case .nameError(let ttl): return (.nameError(canonicalName: current, negativeTTL: ttl), authenticated, indeterminate)
                case .noData(let ttl): return (.noData(canonicalName: current, negativeTTL: ttl), authenticated, indeterminate)
                case .alias(let alias):
                    current = try chain.follow([alias])
                    continue
                }
            }
            let answer = try await sharedQuery(question)
            let outcome = answer.outcome
            authenticated = authenticated && answer.authenticated
            if answer.indeterminate {
                // Not cached, so a later validated look-up asks again rather than reading it as insecure.
                indeterminate = true
            } else {
                cache.store(outcome, for: question, authenticated: answer.authenticated, now: now())
            }
            switch outcome {
            case .answer(let records, let aliases, let canonical):
                _ = try chain.follow(aliases)
                return (.records(records, canonicalName: canonical), authenticated, indeterminate)
            case .nameError(let aliases, let canonical, let soa):
                _ = try chain.follow(aliases)
                return (.nameError(canonicalName: canonical, negativeTTL: soa.flatMap(DNSResponseInterpreter.negativeTTL)),
                        authenticated, indeterminate)
            case .noData(let aliases, let canonical, let soa):
                _ = try chain.follow(aliases)
                return (.noData(canonicalName: canonical, negativeTTL: soa.flatMap(DNSResponseInterpreter.negativeTTL)),
                        authenticated, indeterminate)
            case .alias(let aliases, _):
                current = try chain.follow(aliases)
            case .aliasLoop(let target):
                throw .aliasLoop(target)
            case .referral, .serverFailure, .refused:
                // `query` turns these into errors after trying every server; never reached.
                throw .transport(question, "unexpected \(outcome)")
            }
        }
    }

    /// Runs `query` once per distinct question at a time; later callers await the same result.
    /// The shared task is unstructured, so cancelling one caller does not cancel the exchange
    /// the others wait on; it still ends within attempts × servers × timeout.
    private func sharedQuery(_ question: DNSQuestion) async throws(DNSResolutionError) -> ServerAnswer {
        if let running = inFlight[question] {
            coalescedQueries += 1
            return try await running.value.get()
        }
        let task = Task { () async -> Result<ServerAnswer, DNSResolutionError> in
            do throws(DNSResolutionError) {
                return .success(try await self.query(question))
            } catch {
                return .failure(error)
            }
        }
        inFlight[question] = task
        let result = await task.value
        inFlight[question] = nil
        return try result.get()
    }

    /// Asks the servers in order, `attempts` rounds (RFC 1035 §4.2.1), until one gives a usable
    /// answer. SERVFAIL, timeouts and network errors move on to the next server; a server that
    /// refused is not asked again. The thrown error is temporary if any server failed
    /// transiently, permanent only when every server refused (FORMERR/NOTIMP/REFUSED).
    private func query(_ question: DNSQuestion) async throws(DNSResolutionError) -> ServerAnswer {
        guard !configuration.servers.isEmpty else { throw .noServers }
        var serverFailure: DNSResponseCode?
        var timedOut = false
        var transportFailure: String?
        var refusal: DNSResponseCode?
        var refusing: Set<DNSServerAddress> = []
        // A validating resolver's SERVFAIL may mean a bogus answer (RFC 4035 §5.5): another server's
        // answer is still used for mail, but it is indeterminate, never merely insecure, for DANE.
        var validatorFailed = false
        for _ in 0..<configuration.attempts {
            for server in configuration.servers where !refusing.contains(server) {
                if Task.isCancelled { throw .transport(question, "cancelled") }
                switch await ask(question, server) {
                case .outcome(.serverFailure(let code), _):
                    serverFailure = code
                    if server.host.isLoopback { validatorFailed = true }
                case .outcome(.referral, _):
                    // A server that will not recurse is as useless as one that failed.
                    serverFailure = serverFailure ?? .serverFailure
                case .outcome(.refused(let code), _):
                    refusal = code
                    refusing.insert(server)
                case .outcome(let outcome, let authenticated):
                    return ServerAnswer(outcome: outcome, authenticated: authenticated,
                                        indeterminate: validatorFailed && !authenticated)
                case .timedOut:
                    timedOut = true
                case .failed(let why):
                    transportFailure = why
                }
            }
        }
        if let serverFailure { throw .serverFailure(question, serverFailure) }
        if timedOut { throw .timedOut(question) }
        if let transportFailure { throw .transport(question, transportFailure) }
        throw .refused(question, refusal ?? .refused)
    }

    /// A usable answer from a server, and whether it is authenticated.
    private struct ServerAnswer: Sendable {
        var outcome: DNSResponseOutcome
        var authenticated: Bool
        /// A server on loopback failed the question before an untrusted one answered it.
        var indeterminate = false
    }

    /// What one exchange with one server produced.
    private enum Attempt {
        /// `authenticated`: the AD bit came from a server on loopback (RFC 4035 §3.2.3).
        case outcome(DNSResponseOutcome, authenticated: Bool)
        case timedOut
        case failed(String)
    }

    /// One query to one server over UDP, repeated over TCP when the answer is truncated
    /// (RFC 1035 §4.2.1, RFC 7766 §5). A response that does not match the query's ID and
    /// question is discarded (RFC 5452 §9.1) and counts as a failed try.
    private func ask(_ question: DNSQuestion, _ server: DNSServerAddress) async -> Attempt {
        do {
            let udpQuery = makeQuery(question)
            let response = try await transport.exchange(
                udpQuery, with: server, overTCP: false, timeout: configuration.timeout)
            guard response.isResponse(to: udpQuery) else { return .failed("mismatched response from \(server)") }
            guard response.flags.truncated else { return attempt(response, question, server) }
            // A fresh ID: the TCP exchange is a new query as far as spoofing is concerned.
            let tcpQuery = makeQuery(question)
            let full = try await transport.exchange(tcpQuery, with: server, overTCP: true, timeout: configuration.timeout)
            guard full.isResponse(to: tcpQuery) else { return .failed("mismatched TCP response from \(server)") }
            return attempt(full, question, server)
        } catch DNSTransportError.timedOut {
            return .timedOut
        } catch {
            return .failed("\(server): \(error)")
        }
    }

    /// A response interpreted, its AD bit trusted only from a server on loopback.
    private func attempt(_ response: DNSMessage, _ question: DNSQuestion, _ server: DNSServerAddress) -> Attempt {
        .outcome(DNSResponseInterpreter.interpret(response, for: question),
                 authenticated: response.flags.authenticData && server.host.isLoopback)
    }

    /// A recursive query with a random ID (RFC 5452 §9.2) and EDNS(0) (RFC 6891).
    private func makeQuery(_ question: DNSQuestion) -> DNSMessage {
        DNSMessage.stubQuery(
            id: UInt16.random(in: .min ... .max, using: &random), question: question,
            udpPayloadSize: configuration.udpPayloadSize)
    }
}
