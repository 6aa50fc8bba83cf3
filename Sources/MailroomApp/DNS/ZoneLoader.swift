import DNSProtocol
import DNSServer
import Foundation
import MailCore
import MailroomConfig

/// Reads the zone files of a ``DNSSetup`` into the ``ServedZones`` the server answers from.
///
/// At start-up any broken zone stops the start with its `FILE:LINE: message`. On reload a broken zone
/// keeps the version that is being served (BIND does the same) and its error is reported, so a typo
/// never takes a zone down.
struct ZoneLoader {
    /// Zones that failed to reload, as messages; the previous version of each is still served.
    private(set) var problems: [String] = []
    /// Zones that changed without a newer serial (BIND warns the same way: secondaries keep the old copy).
    private(set) var staleSerials: [String] = []
    /// Every file read (zone files, their includes, named.conf), to notice later edits.
    private(set) var stamps: [String: FileStamp?] = [:]

    /// Loads `setup`; with `previous`, a zone that fails keeps its previous version instead of throwing.
    mutating func load(_ setup: DNSSetup, previous: ServedZones? = nil) throws(AppError) -> ServedZones {
        if let conf = setup.namedConfPath { remember(conf) }
        var zones: [Zone] = []
        for file in setup.zoneFiles {
            do throws(AppError) {
                let zone = try loadZone(file)
                if let old = previous?.catalog.zone(named: file.origin), old.records != zone.records,
                    !(SerialNumber(old.serial) < SerialNumber(zone.serial))
                {
                    staleSerials.append("\(file.path): zone \(file.origin) changed but its serial \(zone.serial) is "
                        + "not newer than \(old.serial): secondaries will not transfer it")
                }
                zones.append(zone)
            } catch {
                guard let kept = previous?.catalog.zone(named: file.origin) else {
                    if previous == nil { throw error }
                    problems.append("\(error.description) (zone \(file.origin) not served)")
                    continue
                }
                problems.append("\(error.description) (still serving serial \(kept.serial))")
                zones.append(kept)
            }
        }
        let catalog: ZoneCatalog
        do {
            catalog = try ZoneCatalog(zones: zones)
        } catch {
            throw AppError(error.description)
        }
        // `allow-query { any; }` is no rule at all: answers then depend on the question alone, so they
        // can be cached and no client address is needed.
        let defaultQueryRule = setup.allowQuery.flatMap { $0 == .any ? nil : Self.rule($0) }
        var queryRules: [DNSName: DNSAccessRule] = [:]
        var transferRules: [DNSName: DNSAccessRule] = [:]
        for file in setup.zoneFiles {
            if let list = file.allowQuery {
                queryRules[file.origin] = list == .any && defaultQueryRule == nil ? nil : Self.rule(list)
            }
            transferRules[file.origin] = file.allowTransfer.map(Self.rule)
        }
        return ServedZones(catalog: catalog, keyring: TSIGKeyring(keys: setup.keys), queryRules: queryRules,
                           defaultQueryRule: defaultQueryRule, transferRules: transferRules,
                           defaultTransferRule: setup.allowTransfer.map(Self.rule) ?? .noOne)
    }

    /// Parses and validates one zone file (what `named-checkzone` does).
    mutating func loadZone(_ file: DNSSetup.ZoneFile) throws(AppError) -> Zone {
        remember(file.path)
        let text = try Self.read(file.path)
        let parser = ZoneFileParser(text: text, fileName: file.path, origin: file.origin)
        var included: [String] = []
        let records: [ResourceRecord]
        do {
            records = try parser.parse(include: { path in
                let resolved = path.hasPrefix("/") ? path : file.includeDirectory + "/" + path
                included.append(resolved)
                return try Self.read(resolved)
            })
        } catch {
            throw AppError(error.description)
        }
        included.forEach { remember($0) }
        do {
            return try Zone(origin: file.origin, records: records)
        } catch {
            throw AppError("\(file.path): \(error.message)")
        }
    }

    private mutating func remember(_ path: String) {
        stamps[path] = try? FileStamp.of(path)
    }

    private static func read(_ path: String) throws(AppError) -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw AppError("\(path): cannot read the file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw AppError("\(path): not UTF-8 text")
        }
        return text
    }

    /// A BIND address match list as the server's access rule.
    static func rule(_ list: AddressMatchList) -> DNSAccessRule {
        DNSAccessRule { client, keyName in
            guard let client else { return false }
            return list.matches(address: client, keyName: keyName?.description)
        }
    }
}
