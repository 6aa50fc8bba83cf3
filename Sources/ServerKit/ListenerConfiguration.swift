/// How one listener is opened and what limits it applies to each connection.
public struct ListenerConfiguration: Sendable {
    /// The service name printed in `NAME listening on ADDR:PORT` and used in logs (`smtp`, `imaps`).
    public var name: String
    /// The address to bind (`127.0.0.1`, `0.0.0.0`, `::`).
    public var host: String
    /// The port to bind; 0 lets the kernel choose (tests).
    public var port: Int
    /// TLS from the first byte (ports 465, 993, 995; RFC 8314 §3.3).
    public var implicitTLS: Bool
    /// The longest command line accepted, in bytes.
    public var maximumLineLength: Int
    /// Open connections allowed per client address; 0 for no limit.
    public var connectionsPerAddress: Int
    /// Open connections allowed on this listener, from all clients together (Postfix's and Dovecot's
    /// `default_process_limit`: one process per client there, one task here); 0 for no limit.
    public var connectionLimit: Int
    /// How long a peer may stay silent before reads throw ``ServerKitError/idleTimeout``
    /// (Postfix `smtpd_timeout`, RFC 5321 §4.5.3.2.7); `nil` for no limit.
    public var idleTimeout: Duration?
    /// How long output may stay stuck (the peer stopped reading, so the socket and the channel's
    /// buffer are full) before the connection is closed; `nil` for no limit. Postfix applies
    /// `smtpd_timeout` to writes the same way.
    public var writeTimeout: Duration?
    /// How long a connection may last in all, however busy; `nil` for no limit.
    public var sessionTimeLimit: Duration?

    /// A listener configuration; the limits default to Postfix's (`line_length_limit`,
    /// `smtpd_client_connection_count_limit`, `default_process_limit`).
    public init(name: String, host: String, port: Int, implicitTLS: Bool,
                maximumLineLength: Int = 2048, connectionsPerAddress: Int = 50, connectionLimit: Int = 100,
                idleTimeout: Duration? = nil, writeTimeout: Duration? = nil, sessionTimeLimit: Duration? = nil) {
        self.name = name
        self.host = host
        self.port = port
        self.implicitTLS = implicitTLS
        self.maximumLineLength = maximumLineLength
        self.connectionsPerAddress = connectionsPerAddress
        self.connectionLimit = connectionLimit
        self.idleTimeout = idleTimeout
        self.writeTimeout = writeTimeout
        self.sessionTimeLimit = sessionTimeLimit
    }
}
