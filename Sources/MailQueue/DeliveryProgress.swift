import Foundation

/// What the queue remembers about a deferred message between attempts: the side file `defer/ID`.
///
/// Written only when an attempt leaves recipients to retry; a message delivered at the first attempt
/// never has one. Recipients are referred to by their index in the envelope.
struct DeliveryProgress: Codable, Sendable, Equatable {
    /// Recipients that need nothing more: delivered, bounced, or failed without a notification.
    var completed: Set<Int> = []
    /// Attempts that ended with recipients deferred.
    var attempts = 0
    /// When to try again, in seconds since 1970.
    var nextAttempt: Int64 = 0
    /// The latest temporary failure of each recipient still to do, for the log and the bounce that
    /// follows when the queue lifetime runs out.
    var lastFailures: [String: DeliveryFailure] = [:]
    /// The sender was warned of the delay (`delay_warning_time`); `nil` in files written before the
    /// warning existed, which is the same as not yet.
    var delayWarningSent: Bool?

    var nextAttemptDate: Date { Date(timeIntervalSince1970: TimeInterval(nextAttempt)) }
}
