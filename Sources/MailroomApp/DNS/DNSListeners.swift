import DNSServer
import Logging
import MailroomConfig
import ServerKit
import ServiceLifecycle

/// The DNS half of `mailroom serve`: loads the zones, then binds UDP and TCP on `dns_port` at every
/// `inet_interfaces` address, plus the reloader.
enum DNSListeners {
    /// Everything to run, after loading the zones (a broken zone stops the start: `FILE:LINE: message`).
    static func bind(settings: Settings, binder: inout ListenerBinder, logger: Logger) async throws -> [any Service] {
        let setup = try DNSSetup.read(settings)
        for warning in setup.warnings {
            logger.warning("\(warning)")
        }
        var loader = ZoneLoader()
        let store = ServedZonesStore(try loader.load(setup))
        let responder = AuthoritativeResponder(store: store, udpPayloadSize: settings.dnsUDPPayloadSize)
        var services: [any Service] = try await binder.bindDatagrams(.dns, responder: responder)
        try await binder.bind(.dns, handler: DNSStreamHandler(responder: responder),
                              connectionsPerAddress: settings.dnsTCPConnectionLimit,
                              connectionLimit: settings.dnsTCPClients, idleTimeout: settings.dnsTCPTimeout,
                              announce: false)
        services.append(ZoneReloader(settings: settings, store: store, stamps: loader.stamps,
                                     logger: logger.tagged("listener", "dns")))
        return services
    }
}
