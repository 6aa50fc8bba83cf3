import IMAPMailbox
import IMAPProtocol

/// The IMAP settings of `mailroom.conf`, as the listener applies them.
public struct IMAPSettings: Sendable {
    /// The greeting's text (`* OK [CAPABILITY ...] text`).
    public var greeting: String
    /// Command, literal and APPEND sizes (APPENDLIMIT is `limits.messageSize`).
    public var limits: IMAPLimits
    /// Dovecot's `mail_max_userip_connections` (10): sessions of one user from one address.
    public var sessionsPerUserAndAddress: Int
    /// How long an authenticated session may stay silent (RFC 9051 §5.4: at least 30 minutes).
    public var authenticatedIdleTimeout: Duration
    /// The listener's idle timeout, which is the limit before login; sessions count its ticks after.
    public var listenerIdleTimeout: Duration
    /// Dovecot's `mailbox_idle_check_interval`: how often a session in IDLE looks for changes made by
    /// other programs. Changes made by mailroom itself reach it at once.
    public var idleCheckInterval: Duration
    /// Dovecot's `auth_failure_delay`: a failed login is answered after this long.
    public var failedLoginDelay: Duration
    /// The zone INTERNALDATE is written in and SEARCH's dates are read in (the host's, as Dovecot).
    public var zone: InternalDateZone

    public init(greeting: String, limits: IMAPLimits = IMAPLimits(), sessionsPerUserAndAddress: Int = 10,
                authenticatedIdleTimeout: Duration = .seconds(30 * 60), listenerIdleTimeout: Duration = .seconds(60),
                idleCheckInterval: Duration = .seconds(30), failedLoginDelay: Duration = .seconds(2),
                zone: InternalDateZone = .utc) {
        self.greeting = greeting
        self.limits = limits
        self.sessionsPerUserAndAddress = sessionsPerUserAndAddress
        self.authenticatedIdleTimeout = authenticatedIdleTimeout
        self.listenerIdleTimeout = listenerIdleTimeout
        self.idleCheckInterval = idleCheckInterval
        self.failedLoginDelay = failedLoginDelay
        self.zone = zone
    }
}
