import ArgumentParser
import MailroomApp
import MailroomConfig

/// `mailroom dns`: zone tools.
struct DNSCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dns",
        abstract: "Check zone files, list the DNS records a mail domain needs, look names up as delivery does.",
        subcommands: [CheckCommand.self, RecordsCommand.self, LookupCommand.self]
    )

    /// `mailroom dns check ZONEFILE [--origin NAME]`: like `named-checkzone -D`.
    struct CheckCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Validate a BIND zone file and print its records in canonical form.",
            discussion: "One record a line, absolute names and TTLs in seconds, SOA first. The first error "
                + "prints as FILE:LINE: message and exits 1."
        )

        @Argument(help: "The zone file.")
        var zoneFile: String

        @Option(help: ArgumentHelp("The zone's name (default: the zone that dns_zones or named_conf serves from "
            + "this file, else the file name without .zone, .db or .hosts)."))
        var origin: String?

        @OptionGroup var options: ConfigOption

        func run() async throws {
            let settings = try options.load().settings
            let zoneOrigin = try origin ?? ZoneCheck.configuredOrigin(of: zoneFile, settings: settings)
            for line in try ZoneCheck.canonicalLines(of: zoneFile, origin: zoneOrigin) {
                Terminal.printLine(line)
            }
        }
    }

    /// `mailroom dns records DOMAIN`: the zone lines to paste.
    struct RecordsCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "records",
            abstract: "Print the DNS records this server needs for DOMAIN, as zone-file lines.",
            discussion: "MX, the A/AAAA of myhostname, SPF, DMARC and the RFC 6186 SRV records mail clients "
                + "use to find the server; what cannot be listed yet is a ; comment."
        )

        @Argument(help: "The mail domain.")
        var domain: String

        @OptionGroup var options: ConfigOption

        func run() async throws {
            let settings = try options.load().settings
            let suggestion = try MailDomainRecords(domain: domain, settings: settings,
                                                   addresses: HostAddresses.reachable(settings.inetInterfaces))
            for line in suggestion.lines {
                Terminal.printLine(line)
            }
        }
    }

    /// `mailroom dns lookup NAME [TYPE]`: the resolver's view, as delivery will see it.
    struct LookupCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "lookup",
            abstract: "Look NAME up through mailroom's resolver (the resolver setting, else /etc/resolv.conf).",
            discussion: "For MX (the default): the hosts delivery would try, in order, with their addresses; "
                + "a domain without MX records falls back to its own address (RFC 5321 §5.1); a null MX "
                + "(RFC 7505) accepts no mail. Other types print the records. Exit 1 when the look-up fails."
        )

        @Argument(help: "The name to look up.")
        var name: String

        @Argument(help: "The record type.")
        var type: String = "MX"

        @OptionGroup var options: ConfigOption

        func run() async throws {
            let settings = try options.load().settings
            let resolver = try MailResolver.make(settings: settings)
            for line in try await DomainLookup.lines(for: name, type: type, resolver: resolver) {
                Terminal.printLine(line)
            }
        }
    }
}
