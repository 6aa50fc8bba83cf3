import ServiceLifecycle

/// Prints the listener lines from inside the running `ServiceGroup`, i.e. after SIGTERM and SIGINT
/// handling is installed, then finishes.
struct AnnouncementService: Service {
    let lines: [String]
    let announce: @Sendable (String) -> Void

    func run() async throws {
        for line in lines {
            announce(line)
        }
    }
}
