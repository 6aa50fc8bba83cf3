/// Postfix's `relayhost`: the smarthost that receives all outbound mail.
public struct Relayhost: Hashable, Sendable {
    /// The host name or IP address (without brackets).
    public var host: String
    /// The port; 25 when not written.
    public var port: Int
    /// True when `host` is a mail domain whose MX records are looked up (written without
    /// brackets); false for `[host]`, which is connected to directly.
    public var mxLookup: Bool

    /// Makes a relay host.
    public init(host: String, port: Int = 25, mxLookup: Bool) {
        self.host = host
        self.port = port
        self.mxLookup = mxLookup
    }

    // relayhost = "" / host-and-port
    static func parse(_ text: String) throws(ValueError) -> Relayhost? {
        if text.isEmpty { return nil }
        guard ValueParser.list(text).count == 1 else {
            throw ValueError(text, "is not one host, host:port or [host]:port")
        }
        let address = try HostAndPort.parse(text)
        return Relayhost(host: address.host, port: address.port ?? 25, mxLookup: !address.bracketed)
    }
}
