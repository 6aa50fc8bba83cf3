/// When a deferred message is tried again and when the queue gives up on it: Postfix's
/// `minimal_backoff_time`, `maximal_backoff_time`, `maximal_queue_lifetime` and
/// `bounce_queue_lifetime` (postconf(5)).
///
/// The delay after the n-th deferred attempt is `minimal · 2^(n-1)`, at most `maximal`: with the
/// defaults 300 s, 600 s, 1200 s, 2400 s, then 4000 s until the lifetime ends.
public struct RetryPolicy: Sendable, Hashable {
    /// The delay after the first deferral. Default: 300 seconds.
    public var minimalBackoff: Duration
    /// The longest delay between attempts. Default: 4000 seconds.
    public var maximalBackoff: Duration
    /// How long a message may stay queued before its deferred recipients bounce. Default: 5 days.
    public var maximalQueueLifetime: Duration
    /// The same for a bounce (a message with the null sender), which nobody is told of when it
    /// expires. Default: 5 days.
    public var bounceQueueLifetime: Duration
    /// `delay_warning_time`: how long a message waits before its sender is warned; zero (the
    /// default, as Postfix's) never warns.
    public var delayWarning: Duration

    public init(
        minimalBackoff: Duration = .seconds(300),
        maximalBackoff: Duration = .seconds(4000),
        maximalQueueLifetime: Duration = .seconds(5 * 86_400),
        bounceQueueLifetime: Duration = .seconds(5 * 86_400),
        delayWarning: Duration = .zero
    ) {
        self.minimalBackoff = minimalBackoff
        self.maximalBackoff = maximalBackoff
        self.maximalQueueLifetime = maximalQueueLifetime
        self.bounceQueueLifetime = bounceQueueLifetime
        self.delayWarning = delayWarning
    }

    /// Whether a message that arrived at `arrival` has waited long enough at `now` for a delay warning.
    public func isDelayWarningDue(arrival: Int64, now: Int64) -> Bool {
        let seconds = delayWarning.components.seconds
        return seconds > 0 && now - arrival >= seconds
    }

    /// The delay, in whole seconds, after `attempts` deferred attempts (1 for the first).
    public func backoffSeconds(afterAttempts attempts: Int) -> Int64 {
        let minimal = max(1, minimalBackoff.components.seconds)
        let maximal = max(minimal, maximalBackoff.components.seconds)
        var delay = minimal
        for _ in 1..<max(1, attempts) where delay < maximal {
            delay *= 2
        }
        return min(delay, maximal)
    }

    /// Whether a message that arrived at `arrival` has outlived its queue lifetime at `now` (both in
    /// seconds since 1970); `isBounce` for one with the null sender (`bounce_queue_lifetime`).
    public func hasExpired(arrival: Int64, now: Int64, isBounce: Bool = false) -> Bool {
        now - arrival >= (isBounce ? bounceQueueLifetime : maximalQueueLifetime).components.seconds
    }
}
