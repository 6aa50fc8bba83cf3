import ArgumentParser
import Glibc
import Logging
import MailStore
import PrivilegedAgent

/// `mailroom privileged-agent`: the root part of a server that dropped root, started by `serve` itself
/// on descriptor 3; not for people to run.
struct PrivilegedAgentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "privileged-agent",
        abstract: "The part of `mailroom serve` that keeps root (started by serve; not run by hand).",
        shouldDisplay: false
    )

    @Option var spoolDirectory: [String]
    @Option var firstValidUid: UInt32
    @Option var lastValidUid: UInt32 = 0
    @Option var virtualUid: UInt32?
    @Option var virtualGid: UInt32?
    @Option var systemMailDomain: String?
    @Option var serverUid: UInt32

    func run() throws {
        PrivilegedAgent.dieWithParent()
        let logger = Logger(label: "mailroom")
        let virtualOwner = virtualUid.map { MailboxOwner(uid: $0, gid: virtualGid ?? 0) }
        AgentServer(spoolDirectories: spoolDirectory, firstValidUID: firstValidUid,
                    lastValidUID: lastValidUid == 0 ? nil : lastValidUid, virtualOwner: virtualOwner,
                    systemMailDomain: systemMailDomain, serverUID: serverUid) { reason in
            logger.warning("privileged agent refused a request: \(reason)")
        }.run(channelDescriptor: PrivilegedAgent.inheritedChannel)
    }
}
