extension NamedConfInterpreter {
    /// Options that do not change what an authoritative-only server answers: process files,
    /// resolver and DNSSEC-validation tuning, NOTIFY and transfer sources, resource limits.
    static let ignoredOptions: Set<String> = [
        "pid-file", "session-keyfile", "session-keyname", "session-keyalg", "managed-keys-directory",
        "dnssec-validation", "dnssec-enable", "dnssec-lookaside", "notify", "also-notify", "notify-source",
        "notify-source-v6", "transfer-source", "transfer-source-v6", "query-source", "query-source-v6",
        "version", "hostname", "server-id", "statistics-file", "dump-file", "memstatistics-file",
        "secroots-file", "recursing-file", "bindkeys-file", "empty-zones-enable", "auth-nxdomain",
        "allow-recursion", "allow-query-cache", "forward", "querylog", "max-cache-size", "zone-statistics",
        "check-names", "tcp-clients", "recursive-clients", "interface-interval", "transfers-out",
        "transfer-format", "geoip-directory", "key-directory", "lame-ttl", "max-cache-ttl", "max-ncache-ttl",
        "prefetch", "coresize", "datasize", "files", "stacksize", "heartbeat-interval",
    ]

    /// Reads `options { ... };` (BIND ARM "options Statement Grammar").
    mutating func options(_ statement: NamedConfStatement) throws(ConfigError) {
        let block = try statement.block(at: 1, usage: "options { ... };")
        try statement.expectCount(2, usage: "options { ... };")
        var seen: [String: NamedConfStatement] = [:]
        for option in block {
            let keyword = option.keyword
            switch keyword {
            case "directory":
                try Self.once(option, &seen)
                options.directory = try Self.single(option)
            case "listen-on":
                options.listenOn.append(try listenOn(option))
            case "listen-on-v6":
                let listen = try listenOn(option)
                if listen.addresses == .none {
                    warnings.append(option.warning(Self.ignored("listen-on-v6 { none; }", because: "mailroom's own settings choose its addresses")))
                } else {
                    options.listenOnV6.append(listen)
                }
            case "allow-query":
                try Self.once(option, &seen)
                options.allowQuery = try lists.list(option, at: 1)
            case "allow-transfer":
                try Self.once(option, &seen)
                options.allowTransfer = try lists.list(option, at: 1)
            case "recursion":
                try Self.once(option, &seen)
                guard try !Self.boolean(option) else {
                    throw option.error(.invalidValue, "recursion yes is not supported: mailroom is an authoritative-only server")
                }
                options.recursion = false
                warnings.append(option.warning(Self.ignored("recursion no", because: "mailroom never recurses")))
            case "forwarders":
                let forwarders = try option.block(at: option.terms.count - 1, usage: "forwarders { ADDRESS; ... };")
                guard forwarders.isEmpty else {
                    throw option.error(.invalidValue, "forwarders is not supported: mailroom does not forward queries")
                }
                warnings.append(option.warning(Self.ignored("forwarders { }")))
            case _ where Self.ignoredOptions.contains(keyword):
                warnings.append(option.warning(Self.ignored(keyword)))
            default:
                throw option.error(.unknownSetting, "unknown or unsupported option \(option.display) in options")
            }
        }
    }

    // listen-on [ port N ] { address_match_list };
    private mutating func listenOn(_ statement: NamedConfStatement) throws(ConfigError) -> NamedConfListenOn {
        let usage = "\(statement.keyword) [port N] { address_match_list };"
        var position = 1
        var port: Int?
        if position < statement.terms.count, statement.terms[position].text?.lowercased() == "port" {
            let text = try statement.text(at: position + 1, usage: usage)
            guard text.count <= 5, text.allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(text), number <= 65535 else {
                throw statement.error(.invalidValue, "\(statement.display): port \"\(text)\" is not a number from 0 to 65535", at: statement.terms[position + 1])
            }
            port = number
            position += 2
        }
        if position < statement.terms.count, let word = statement.terms[position].text {
            throw statement.error(.unknownSetting, "\(statement.display): \"\(word)\" is not supported (only port N)", at: statement.terms[position])
        }
        return NamedConfListenOn(port: port, addresses: try lists.list(statement, at: position))
    }
}
