/// A DNS listener that could not start.
public enum DNSServerError: Error, Sendable {
    /// The socket bound but reports no address (should not happen).
    case noLocalAddress
}
