import Dispatch
import MailroomCLI

// Not `await Entry.main()`: an async main parks the main thread in dispatch_main(), which takes it off
// glibc's list of threads while the kernel keeps it, so glibc's setuid() would no longer change it and
// `serve` dropping root would leave one thread root. The main thread waits here instead, an ordinary
// thread; Entry.main() ends the process.
Task.detached { await Entry.main() }
DispatchSemaphore(value: 0).wait()
