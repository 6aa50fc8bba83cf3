import DNSProtocol
import Foundation
import MailroomConfig

/// What `dns_zones` and `named_conf` ask the DNS server to serve: the zone files, TSIG keys and access
/// lists, read from the settings and named.conf but not yet from the zone files themselves.
struct DNSSetup: Sendable {
    /// One zone to load.
    struct ZoneFile: Sendable {
        var origin: DNSName
        /// The file, with named.conf's `directory` already applied.
        var path: String
        /// Where relative `$INCLUDE` names are looked up: named.conf's `directory` (as BIND does),
        /// else the zone file's own directory.
        var includeDirectory: String
        var allowQuery: AddressMatchList?
        var allowTransfer: AddressMatchList?
    }

    var zoneFiles: [ZoneFile] = []
    var keys: [TSIGKey] = []
    var allowQuery: AddressMatchList?
    var allowTransfer: AddressMatchList?
    /// Skipped named.conf statements, as `FILE:LINE: message`.
    var warnings: [String] = []
    /// named.conf and what it includes are not tracked one by one; its own path is watched.
    var namedConfPath: String?

    /// Reads `named_conf` (when set) and `dns_zones`; a zone named in both is an error.
    static func read(_ settings: Settings) throws(AppError) -> DNSSetup {
        var setup = DNSSetup()
        if let path = settings.namedConf {
            let conf: NamedConf
            do {
                conf = try NamedConf.load(path: path)
            } catch {
                throw AppError(error.description)
            }
            try setup.adopt(conf, path: path)
            setup.warnings += listenOnWarnings(conf, path: path, settings: settings)
        }
        for zone in settings.dnsZones {
            guard let origin = DNSName(zone.domain) else { throw AppError("dns_zones: \"\(zone.domain)\" is not a domain name") }
            guard !setup.zoneFiles.contains(where: { $0.origin == origin }) else {
                throw AppError("dns_zones: zone \(zone.domain) is also defined in named_conf")
            }
            let directory = (zone.file as NSString).deletingLastPathComponent
            setup.zoneFiles.append(ZoneFile(origin: origin, path: zone.file, includeDirectory: directory))
        }
        return setup
    }

    /// named.conf's `listen-on` is not where mailroom listens: `dns_port` at the `inet_interfaces`
    /// addresses is. Say so when the two disagree, rather than ignore it silently.
    private static func listenOnWarnings(_ conf: NamedConf, path: String, settings: Settings) -> [String] {
        let port = settings.ports[.dns] ?? Listener.dns.standardPort
        return (conf.options.listenOn + conf.options.listenOnV6).compactMap { listen in
            guard (listen.port ?? 53) != port else { return nil }
            return "\(path): listen-on port \(listen.port ?? 53) is not used: mailroom answers DNS on dns_port "
                + "(\(port)) at the inet_interfaces addresses"
        }
    }

    private mutating func adopt(_ conf: NamedConf, path: String) throws(AppError) {
        namedConfPath = path
        warnings = conf.warnings.map(\.description)
        allowQuery = conf.options.allowQuery
        allowTransfer = conf.options.allowTransfer
        for key in conf.keys {
            guard let name = DNSName(key.name), let algorithm = TSIGAlgorithm(named: key.algorithm) else {
                throw AppError("\(path): key \"\(key.name)\": algorithm \(key.algorithm) is not supported "
                    + "(hmac-sha1, hmac-sha256, hmac-sha384, hmac-sha512 are)")
            }
            keys.append(TSIGKey(name: name, algorithm: algorithm, secret: key.secretBytes))
        }
        let directory = conf.options.directory ?? (path as NSString).deletingLastPathComponent
        for zone in conf.zones {
            guard let origin = DNSName(zone.name) else {
                throw AppError("\(zone.definedIn):\(zone.line): zone \"\(zone.name)\" is not a domain name")
            }
            zoneFiles.append(ZoneFile(origin: origin, path: zone.file, includeDirectory: directory,
                                      allowQuery: zone.allowQuery, allowTransfer: zone.allowTransfer))
        }
    }
}
