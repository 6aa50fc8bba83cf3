import Foundation
import NIOCore

/// An error from the listener layer, with a message fit for one line on stderr.
public struct ServerKitError: Error, CustomStringConvertible, Sendable, Equatable {
    private enum Code: Sendable, Equatable {
        case tlsUnavailable
        case cannotListen
        case certificate
        case connectionClosedBeforeTLS
        case idleTimeout
        case writeTimeout
    }

    private let code: Code
    /// The one-line message.
    public let description: String

    private init(_ code: Code, _ description: String) {
        self.code = code
        self.description = description
    }

    /// STARTTLS was asked for on a connection that cannot do it (no certificate, or TLS already on).
    public static let tlsUnavailable = ServerKitError(.tlsUnavailable, "TLS is not available on this connection")

    /// The peer closed the connection before the TLS handshake completed.
    public static let connectionClosedBeforeTLS = ServerKitError(.connectionClosedBeforeTLS,
                                                                 "the connection closed before TLS was established")

    /// The peer sent nothing for the listener's idle timeout (RFC 5321 §4.5.3.2.7).
    public static let idleTimeout = ServerKitError(.idleTimeout, "the client was idle for too long")

    /// The peer read nothing of what was sent to it for the listener's write timeout.
    public static let writeTimeout = ServerKitError(.writeTimeout, "the client stopped reading")

    /// A listener could not be opened (port in use, no permission, bad address).
    public static func cannotListen(_ name: String, host: String, port: Int, reason: String) -> ServerKitError {
        ServerKitError(.cannotListen, "cannot listen for \(name) on \(host):\(port): \(reason)")
    }

    /// A certificate or key could not be read, parsed or made.
    public static func certificate(_ path: String, _ reason: String) -> ServerKitError {
        ServerKitError(.certificate, "\(path): \(reason)")
    }

    /// The errno text of a system-call failure, else the error's own words, on one line.
    public static func reason(_ error: any Error) -> String {
        if let ioError = error as? IOError { return String(cString: strerror(ioError.errnoCode)) }
        return String(describing: error).split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
