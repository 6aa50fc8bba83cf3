import MailCore
import Testing

@Suite("ParkingMutex")
struct ParkingMutexTests {
    private struct Refusal: Error, Equatable {}

    @Test("increments from many threads at once are neither lost nor doubled")
    func concurrentIncrements() async {
        let counter = ParkingMutex(0)
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    for _ in 0..<10_000 { counter.withLock { $0 += 1 } }
                }
            }
        }
        #expect(counter.withLock { $0 } == 80_000)
    }

    @Test("a typed error thrown inside comes out as itself, the lock released and the change kept")
    func typedErrorReleasesTheLock() {
        let value = ParkingMutex([1])
        #expect(throws: Refusal.self) {
            try value.withLock { (numbers) throws(Refusal) in
                numbers.append(2)
                throw Refusal()
            }
        }
        #expect(value.withLock { $0 } == [1, 2])
    }
}
