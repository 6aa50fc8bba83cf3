import DNSProtocol
import Foundation
import MailroomConfig

/// `mailroom dns check`: what `named-checkzone -D` does: load one zone file as the server would and
/// list its records in canonical form, or report the first error as `FILE:LINE: message`.
public enum ZoneCheck {
    /// The zone's records, one presentation line each, in transfer order (SOA first); throws the
    /// first problem. `origin` defaults to the file name without a `.zone`, `.db` or `.hosts` suffix.
    public static func canonicalLines(of path: String, origin: String?) throws(AppError) -> [String] {
        let name = origin ?? defaultOrigin(of: path)
        guard let zoneOrigin = DNSName(name), !zoneOrigin.isRoot || name == "." else {
            throw AppError("\(name): not a domain name (give the zone's name with --origin)")
        }
        let directory = (path as NSString).deletingLastPathComponent
        var loader = ZoneLoader()
        let zone = try loader.loadZone(DNSSetup.ZoneFile(origin: zoneOrigin, path: path,
                                                         includeDirectory: directory.isEmpty ? "." : directory))
        let records = zone.transferRecords
        return records.dropLast().map(\.presentation)
    }

    /// The origin of the zone that `dns_zones` or `named_conf` serves from `path`, if any.
    public static func configuredOrigin(of path: String, settings: Settings) throws(AppError) -> String? {
        let wanted = (path as NSString).standardizingPath
        let setup = try DNSSetup.read(settings)
        return setup.zoneFiles.first { ($0.path as NSString).standardizingPath == wanted }?.origin.description
    }

    private static func defaultOrigin(of path: String) -> String {
        var base = (path as NSString).lastPathComponent
        for suffix in [".zone", ".db", ".hosts"] where base.hasSuffix(suffix) {
            base.removeLast(suffix.count)
        }
        if base.hasPrefix("db.") { base.removeFirst(3) }
        return base
    }
}
