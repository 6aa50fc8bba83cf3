import Glibc
import Synchronization

/// Unique file names for Maildir deliveries, in the modern form of https://cr.yp.to/proto/maildir.html:
/// `SECONDS.M<usec>P<pid>Q<counter>.HOSTNAME`, with `/` and `:` in the host name written as `\057` and
/// `\072` (and `,` as `\054`, so Dovecot's `,S=` fields stay unambiguous).
///
/// `Q` counts deliveries in this process with an atomic counter, so concurrent deliveries from many
/// threads in the same microsecond still get different names; `P` separates processes. A delivery ID,
/// when given, follows as `I<id>`, so a retry after a crash can see that the message already arrived.
enum MaildirUniqueName {
    private static let deliveries = Atomic<UInt64>(0)

    static func make(hostName: String, deliveryID: String? = nil) -> String {
        var now = timeval()
        gettimeofday(&now, nil)
        let sequence = deliveries.wrappingAdd(1, ordering: .relaxed).newValue
        let id = deliveryID.map(marker) ?? "."
        return "\(now.tv_sec).M\(now.tv_usec)P\(getpid())Q\(sequence)\(id)\(encode(hostName: hostName))"
    }

    /// The part of a name that carries a delivery ID: `I<id>.`, ending where the host name starts.
    static func marker(_ deliveryID: String) -> String {
        "I\(deliveryID)."
    }

    static func encode(hostName: String) -> String {
        var encoded = ""
        // By scalar: "/" followed by a combining mark is one Character, and it is not "/".
        for scalar in hostName.unicodeScalars {
            switch scalar {
            case "/": encoded += "\\057"
            case ":": encoded += "\\072"
            case ",": encoded += "\\054"
            default: encoded.unicodeScalars.append(scalar)
            }
        }
        return encoded
    }

    /// Dovecot's size fields, appended when the message is moved to `new/`: `S=` the size on disk and
    /// `W=` the size with CRLF line ends (IMAP's RFC822.SIZE), so readers need not open the file.
    static func withSizes(_ name: String, size: Int64, virtualSize: Int64) -> String {
        "\(name),S=\(size),W=\(virtualSize)"
    }
}
