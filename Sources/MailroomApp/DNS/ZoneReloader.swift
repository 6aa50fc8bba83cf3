import DNSProtocol
import DNSServer
import Logging
import MailroomConfig
import ServiceLifecycle
import UnixSignals

/// Reloads the served zones on SIGHUP (as `rndc reload` and `kill -HUP` do for BIND) and whenever a
/// zone file, one of its includes or named.conf changes on disk, so an edit takes effect without a
/// restart. Queries go on being answered from the old snapshot until the new one is swapped in.
final class ZoneReloader: Service {
    private let settings: Settings
    private let store: ServedZonesStore
    private let initialStamps: [String: FileStamp?]
    private let pollInterval: Duration
    private let logger: Logger

    init(settings: Settings, store: ServedZonesStore, stamps: [String: FileStamp?],
         pollInterval: Duration = .seconds(2), logger: Logger) {
        self.settings = settings
        self.store = store
        self.initialStamps = stamps
        self.pollInterval = pollInterval
        self.logger = logger
    }

    func run() async throws {
        await cancelWhenGracefulShutdown {
            let hangups = await UnixSignalsSequence(trapping: .sighup)
            await withDiscardingTaskGroup { group in
                let stamps = StampBox(self.initialStamps)
                group.addTask {
                    for await _ in hangups {
                        stamps.value = self.reload(reason: "SIGHUP", previous: stamps.value)
                    }
                }
                group.addTask {
                    while (try? await Task.sleep(for: self.pollInterval)) != nil {
                        if stamps.value.contains(where: { path, stamp in (try? FileStamp.of(path)) != stamp }) {
                            stamps.value = self.reload(reason: "a zone file changed", previous: stamps.value)
                        }
                    }
                }
            }
        }
    }

    /// Reads everything again; returns the stamps of what was read. When nothing could be read (a broken
    /// named.conf), the files watched before are stamped anew, so the same broken state is reported once.
    private func reload(reason: String, previous: [String: FileStamp?]) -> [String: FileStamp?] {
        let current = store.current.zones
        var loader = ZoneLoader()
        do {
            let setup = try DNSSetup.read(settings)
            let zones = try loader.load(setup, previous: current)
            store.replace(with: zones)
            for problem in loader.problems {
                logger.error("zone not reloaded: \(problem)")
            }
            for stale in loader.staleSerials {
                logger.warning("\(stale)")
            }
            logger.info("zones reloaded (\(reason)): \(zones.catalog.zones.count) served")
        } catch {
            logger.error("zones not reloaded (\(reason)): \(error.description); still serving the previous ones")
            return Dictionary(uniqueKeysWithValues: previous.keys.map { ($0, try? FileStamp.of($0)) })
        }
        return loader.stamps
    }
}
