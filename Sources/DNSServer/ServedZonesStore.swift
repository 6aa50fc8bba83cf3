import Synchronization

/// The current ``ServedZones``, swapped whole on reload while queries keep being answered.
public final class ServedZonesStore: Sendable {
    private let state: Mutex<(zones: ServedZones, generation: Int)>
    private let latestGeneration = Atomic<Int>(0)

    public init(_ zones: ServedZones) {
        state = Mutex((zones, 0))
    }

    /// The generation of the current snapshot, read without the lock (the answer cache checks it on
    /// every query).
    public var generation: Int {
        latestGeneration.load(ordering: .acquiring)
    }

    /// The snapshot to answer from, and its generation (it grows with every replacement, so caches
    /// built from an older snapshot can tell they are stale).
    public var current: (zones: ServedZones, generation: Int) {
        state.withLock { $0 }
    }

    /// Makes `zones` the snapshot for every query from now on.
    public func replace(with zones: ServedZones) {
        let generation = state.withLock {
            $0 = (zones, $0.generation + 1)
            return $0.generation
        }
        latestGeneration.store(generation, ordering: .releasing)
    }
}
