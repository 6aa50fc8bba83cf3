import Logging
import MailroomConfig
import NIOSSL
import ServerKit
import ServiceLifecycle

/// Binds listeners on every `inet_interfaces` address, collecting the servers to run and their
/// addresses; a listener that cannot bind a required address stops the start with one clear error.
struct ListenerBinder {
    let settings: Settings
    let tls: NIOSSLContext
    let logger: Logger
    private(set) var bound: [MailroomServer.BoundListener] = []
    private(set) var servers: [any Service] = []

    init(settings: Settings, tls: NIOSSLContext, logger: Logger) {
        self.settings = settings
        self.tls = tls
        self.logger = logger
    }

    mutating func bind<Handler: ConnectionHandler>(_ listener: MailroomConfig.Listener, handler: Handler) async throws {
        let hosts = settings.inetInterfaces.requiredHosts.map { ($0, true) }
            + settings.inetInterfaces.optionalHosts.map { ($0, false) }
        for (host, required) in hosts {
            let configuration = ListenerConfiguration(
                name: listener.rawValue, host: host, port: settings.ports[listener] ?? listener.standardPort,
                implicitTLS: listener.usesImplicitTLS, maximumLineLength: settings.lineLengthLimit,
                connectionsPerAddress: settings.smtpdClientConnectionCountLimit, idleTimeout: settings.smtpdTimeout)
            let server: Server<Handler>
            do {
                server = try await Server.bind(configuration, tls: tls, handler: handler,
                                               logger: logger.tagged("listener", listener.rawValue))
            } catch where !required {
                logger.info("not listening on \(host): \(error)", metadata: ["listener": "\(listener)"])
                continue
            }
            let line = MailroomServer.BoundListener(name: listener.rawValue, address: server.boundDescription)
            bound.append(line)
            servers.append(server)
        }
    }
}
