import Logging
import MailroomConfig
import NIOCore
import NIOSSL
import ServerKit
import ServiceLifecycle
import UnixSignals

/// The whole server: every listener the settings enable, run as one `ServiceGroup` that stops
/// gracefully on SIGTERM and SIGINT.
///
/// ``start(settings:logger:announce:)`` does everything that can fail on a bad setting (data
/// directory, certificate, binding every port) before anything is served, so a mistake is one line
/// and exit status 1, never a half-started server.
public struct MailroomServer: Sendable {
    /// One bound listener: its name and address as printed in `NAME listening on ADDR:PORT`.
    public struct BoundListener: Sendable {
        /// `smtp`, `imaps`, …
        public let name: String
        /// `127.0.0.1:2525`.
        public let address: String
        /// The port actually bound.
        public let port: Int
    }

    /// The listeners, in the order they were bound.
    public let listeners: [BoundListener]
    private let services: [any Service]
    private let logger: Logger

    /// Prepares the data directory and TLS, and binds every enabled listener; `announce` is called
    /// with each `NAME listening on ADDR:PORT` line as its socket opens.
    public static func start(settings: Settings, logger: Logger,
                             announce: (String) -> Void = { _ in }) async throws -> MailroomServer {
        try DataDirectory.prepare(settings.dataDirectory)
        let tls = try makeTLSContext(settings)
        var listeners: [BoundListener] = []
        var services: [any Service] = []
        for listener in settings.enabledListeners {
            guard listener != .dns else {
                logger.warning("dns is not served by this version yet; dns_port is not opened")
                continue
            }
            let handler = PendingProtocolHandler(listener: listener, hostname: settings.myhostname)
            let hosts = settings.inetInterfaces.requiredHosts.map { ($0, true) }
                + settings.inetInterfaces.optionalHosts.map { ($0, false) }
            for (host, required) in hosts {
                let configuration = ListenerConfiguration(
                    name: listener.rawValue, host: host, port: settings.ports[listener] ?? listener.standardPort,
                    implicitTLS: listener.usesImplicitTLS, maximumLineLength: settings.lineLengthLimit,
                    connectionsPerAddress: settings.smtpdClientConnectionCountLimit)
                let server: Server<PendingProtocolHandler>
                do {
                    server = try await Server.bind(configuration, tls: tls, handler: handler,
                                                   logger: logger.with(listener: listener.rawValue))
                } catch where !required {
                    logger.info("not listening on \(host): \(error)", metadata: ["listener": "\(listener)"])
                    continue
                }
                let bound = BoundListener(name: listener.rawValue, address: server.boundDescription,
                                          port: server.localAddress.port ?? configuration.port)
                announce("\(bound.name) listening on \(bound.address)")
                listeners.append(bound)
                services.append(server)
            }
        }
        return MailroomServer(listeners: listeners, services: services, logger: logger)
    }

    /// Serves until SIGTERM or SIGINT, then stops gracefully: listeners close at once, open
    /// connections get `gracefulShutdownTimeout` to finish before they are cancelled.
    public func run(gracefulShutdownTimeout: Duration = .seconds(30)) async throws {
        var configuration = ServiceGroupConfiguration(services: services.map { .init(service: $0) },
                                                      gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        configuration.maximumGracefulShutdownDuration = gracefulShutdownTimeout
        try await ServiceGroup(configuration: configuration).run()
    }

    private static func makeTLSContext(_ settings: Settings) throws -> NIOSSLContext {
        let material: TLSMaterial
        switch (settings.tlsCertFile, settings.tlsKeyFile) {
        case let (certificate?, key?):
            material = TLSMaterial(certificateFile: certificate, keyFile: key)
        case (nil, nil):
            material = try TLSMaterial.selfSigned(in: settings.dataDirectory, hostname: settings.myhostname)
        case (.some, nil):
            throw AppError("tls_cert_file is set but tls_key_file is not")
        case (nil, .some):
            throw AppError("tls_key_file is set but tls_cert_file is not")
        }
        return try material.makeServerContext()
    }
}

extension Logger {
    /// A copy of the logger that tags every line with the listener's name.
    func with(listener: String) -> Logger {
        var copy = self
        copy[metadataKey: "listener"] = "\(listener)"
        return copy
    }
}
