import Foundation

/// A start-up failure of the server or a command, worded as the one line printed on stderr.
public struct AppError: Error, CustomStringConvertible, Sendable {
    /// The line, naming the file, setting or port at fault.
    public let description: String

    /// Wraps a message.
    public init(_ description: String) {
        self.description = description
    }

    /// The errno text inside a Foundation or POSIX error, else the error's own words on one line.
    static func reason(_ error: any Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        if nsError.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(nsError.code))) }
        return String(describing: error).split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
