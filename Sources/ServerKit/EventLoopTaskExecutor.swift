import NIOCore

/// A task executor that runs jobs on one event loop, so a connection's driver can run on its channel's
/// own thread: resuming after a read and handing a reply to the channel then cost no thread switch.
///
/// Only for drivers that never block: work that may (file I/O, password hashing) still belongs on a
/// thread pool, whose answers come back to the loop.
final class EventLoopTaskExecutor: TaskExecutor {
    private let eventLoop: any EventLoop

    init(_ eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute {
            job.runSynchronously(on: self.asUnownedTaskExecutor())
        }
    }
}
