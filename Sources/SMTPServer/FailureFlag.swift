import Synchronization

/// A flag that is set once and read from any task.
final class FailureFlag: Sendable {
    private let value: Atomic<Bool>

    init(_ initial: Bool) {
        value = Atomic(initial)
    }

    var isSet: Bool { value.load(ordering: .acquiring) }

    func set() { value.store(true, ordering: .releasing) }
}
