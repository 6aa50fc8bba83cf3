import MailroomConfig

/// Why a recipient is refused, with the reply the SMTP server sends: the reply code (RFC 5321 §4.2),
/// the RFC 3463 enhanced status and the text, worded as Postfix's smtpd(8) words them
/// (`550 5.1.1 <nobody@example.test>: Recipient address rejected: User unknown in local recipient table`).
///
/// `text` is safe to show the client; `detail` (alias file names and lines, database errors) is for
/// the log only. The SMTP layer writes `replyCode enhancedStatus text`.
public struct RoutingRejection: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of rejection, for callers that react to some of them.
    public struct Reason: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case unknownUser, relayDenied, temporaryFailure, aliasProblem, unsupportedDestination, badAddress
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// A local recipient with no alias and no account; 550 5.1.1.
        public static let unknownUser = Reason(.unknownUser)
        /// A remote recipient from a client that may not relay; 554 5.7.1.
        public static let relayDenied = Reason(.relayDenied)
        /// The account database failed; 451 4.3.0, the client tries again later.
        public static let temporaryFailure = Reason(.temporaryFailure)
        /// Alias expansion failed: a loop or nesting too deep (5.4.6), an unreadable `:include:` (5.3.5),
        /// too many destinations (5.3.4).
        public static let aliasProblem = Reason(.aliasProblem)
        /// An alias destination mailroom does not deliver to: a `|program` or a `/file`; 550 5.3.0.
        public static let unsupportedDestination = Reason(.unsupportedDestination)
        /// The recipient is not `local@domain` mailroom can use; 501 5.1.3.
        public static let badAddress = Reason(.badAddress)

        public var description: String { base.rawValue }
    }

    /// The kind of rejection.
    public let reason: Reason
    /// The SMTP reply code: 550, 554, 451 or 501.
    public let replyCode: Int
    /// The RFC 3463 enhanced status code, `class.subject.detail` (`5.1.1`).
    public let enhancedStatus: String
    /// The reply text after the codes, safe for the client.
    public let text: String
    /// More for the log (which alias, which file, the database error); never sent to the client.
    public let detail: String?

    /// A rejection with an explicit reply.
    public init(_ reason: Reason, replyCode: Int, enhancedStatus: String, text: String, detail: String? = nil) {
        self.reason = reason
        self.replyCode = replyCode
        self.enhancedStatus = enhancedStatus
        self.text = text
        self.detail = detail
    }

    /// True for 5xx replies, false for 4xx (try again later).
    public var isPermanent: Bool { replyCode >= 500 }

    /// `replyCode enhancedStatus text`, then the detail in parentheses.
    public var description: String {
        "\(replyCode) \(enhancedStatus) \(text)" + (detail.map { " (\($0))" } ?? "")
    }

    // MARK: - The rejections routing makes

    /// `550 5.1.1 <addr>: Recipient address rejected: User unknown in local recipient table`.
    public static func unknownUser(_ recipient: String, detail: String? = nil) -> RoutingRejection {
        RoutingRejection(.unknownUser, replyCode: 550, enhancedStatus: "5.1.1",
                         text: "<\(recipient)>: Recipient address rejected: User unknown in local recipient table",
                         detail: detail)
    }

    /// `550 5.1.1 <addr>: Recipient address rejected: User unknown in relay recipient table`, for a
    /// `relay_domains` address that `relay_recipient_maps` does not list (Postfix's wording).
    public static func unknownRelayUser(_ recipient: String) -> RoutingRejection {
        RoutingRejection(.unknownUser, replyCode: 550, enhancedStatus: "5.1.1",
                         text: "<\(recipient)>: Recipient address rejected: User unknown in relay recipient table")
    }

    /// `554 5.7.1 <addr>: Relay access denied`.
    public static func relayDenied(_ recipient: String) -> RoutingRejection {
        RoutingRejection(.relayDenied, replyCode: 554, enhancedStatus: "5.7.1",
                         text: "<\(recipient)>: Relay access denied")
    }

    /// `451 4.3.0 <addr>: Temporary lookup failure`; `detail` says what failed.
    public static func temporary(_ recipient: String, detail: String) -> RoutingRejection {
        RoutingRejection(.temporaryFailure, replyCode: 451, enhancedStatus: "4.3.0",
                         text: "<\(recipient)>: Temporary lookup failure", detail: detail)
    }

    /// `501 5.1.3 Bad recipient address syntax`.
    public static func badAddress(_ recipient: String) -> RoutingRejection {
        RoutingRejection(.badAddress, replyCode: 501, enhancedStatus: "5.1.3",
                         text: "<\(recipient)>: Bad recipient address syntax")
    }

    /// `550 5.3.0 <addr>: Recipient address rejected: delivery to programs and files is not supported`.
    public static func unsupportedDestination(_ recipient: String, destination: AliasDestination) -> RoutingRejection {
        RoutingRejection(.unsupportedDestination, replyCode: 550, enhancedStatus: "5.3.0",
                         text: "<\(recipient)>: Recipient address rejected: delivery to programs and files is not supported",
                         detail: "alias destination \"\(destination)\" refused")
    }

    /// The alias `problem` as a reply: its own enhanced status, 550 (451 for a 4.x.x status); the text
    /// names the kind of problem, the detail the alias and file.
    public static func aliasProblem(_ recipient: String, _ problem: AliasProblem) -> RoutingRejection {
        let summary = switch problem.code {
        case .loop: "alias database loop"
        case .depthLimit: "alias expansion nested too deeply"
        case .sizeLimit: "alias expands to too many recipients"
        default: "alias configuration error"
        }
        return RoutingRejection(.aliasProblem, replyCode: problem.enhancedStatus.hasPrefix("4") ? 451 : 550,
                                enhancedStatus: problem.enhancedStatus,
                                text: "<\(recipient)>: Recipient address rejected: \(summary)", detail: problem.message)
    }
}
