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
    /// How long a peer may stay silent before reads throw ``ServerKitError/idleTimeout``
    /// (Postfix `smtpd_timeout`, RFC 5321 §4.5.3.2.7); `nil` for no limit.
    public var idleTimeout: Duration?

    /// A listener configuration; the limits default to Postfix's (`line_length_limit`,
    /// `smtpd_client_connection_count_limit`).
    public init(name: String, host: String, port: Int, implicitTLS: Bool,
                maximumLineLength: Int = 2048, connectionsPerAddress: Int = 50, idleTimeout: Duration? = nil) {
        self.name = name
        self.host = host
        self.port = port
        self.implicitTLS = implicitTLS
        self.maximumLineLength = maximumLineLength
        self.connectionsPerAddress = connectionsPerAddress
        self.idleTimeout = idleTimeout
    }
}
