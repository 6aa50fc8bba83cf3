import DNSServer
import Logging
import NIOCore
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

    /// Binds a connection listener; `connectionsPerAddress`, `connectionLimit` and `idleTimeout` (also the
    /// write timeout) default to the mail limits (`smtpd_client_connection_count_limit`,
    /// `default_process_limit`, `smtpd_timeout`); every listener gets `session_time_limit` unless
    /// `sessionTimeLimited` is false (IMAP, whose IDLE sessions last for days: RFC 9051 §5.4's
    /// autologout governs them instead).
    /// `announce: false` leaves it out of the `NAME listening on` lines (DNS announces its UDP sockets,
    /// which share the port).
    mutating func bind<Handler: ConnectionHandler>(_ listener: MailroomConfig.Listener, handler: Handler,
                                                   connectionsPerAddress: Int? = nil, connectionLimit: Int? = nil,
                                                   idleTimeout: Duration? = nil, sessionTimeLimited: Bool = true,
                                                   announce: Bool = true) async throws {
        let timeout = idleTimeout ?? settings.smtpdTimeout
        for (host, required) in hosts(for: listener) {
            let configuration = ListenerConfiguration(
                name: listener.rawValue, host: host, port: port(of: listener),
                implicitTLS: listener.usesImplicitTLS, maximumLineLength: settings.lineLengthLimit,
                connectionsPerAddress: connectionsPerAddress ?? settings.smtpdClientConnectionCountLimit,
                connectionLimit: connectionLimit ?? settings.defaultProcessLimit,
                idleTimeout: timeout, writeTimeout: timeout,
                sessionTimeLimit: settings.sessionTimeLimit == .zero || !sessionTimeLimited ? nil : settings.sessionTimeLimit)
            let server: Server<Handler>
            do {
                server = try await Server.bind(configuration, tls: tls, handler: handler,
                                               logger: logger.tagged("listener", listener.rawValue))
            } catch where !required {
                logger.info("not listening on \(host): \(error)", metadata: ["listener": "\(listener)"])
                continue
            }
            if announce {
                bound.append(MailroomServer.BoundListener(name: listener.rawValue, address: server.boundDescription))
            }
            servers.append(server)
        }
    }

    /// Binds UDP sockets for `listener` (DNS) on every address; returns the services to run.
    mutating func bindDatagrams<Responder: DNSResponder>(_ listener: MailroomConfig.Listener,
                                                         responder: Responder) async throws -> [any Service] {
        var services: [any Service] = []
        for (host, required) in hosts(for: listener) {
            let port = port(of: listener)
            let udp: DNSUDPListener<Responder>
            do {
                udp = try await DNSUDPListener.bind(host: host, port: port, responder: responder)
            } catch {
                let reason = ServerKitError.reason(error)
                guard required else {
                    logger.info("not listening on \(host): \(reason)", metadata: ["listener": "\(listener)"])
                    continue
                }
                throw ServerKitError.cannotListen(listener.rawValue, host: host, port: port, reason: reason)
            }
            let shown = host.contains(":") ? "[\(host)]" : host
            bound.append(MailroomServer.BoundListener(name: listener.rawValue, address: "\(shown):\(udp.localAddress.port ?? port)"))
            services.append(udp)
        }
        return services
    }

    /// The addresses to bind and whether each is required: `inet_interfaces`, except for LMTP, which
    /// delivers without authentication and so has its own `lmtp_interfaces` (loopback by default).
    private func hosts(for listener: MailroomConfig.Listener) -> [(host: String, required: Bool)] {
        let interfaces = listener == .lmtp ? settings.lmtpInterfaces : settings.inetInterfaces
        return ListenAddresses(interfaces: interfaces, protocols: settings.inetProtocols).hosts
    }

    private func port(of listener: MailroomConfig.Listener) -> Int {
        settings.ports[listener] ?? listener.standardPort
    }
}
