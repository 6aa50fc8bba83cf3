import CDescriptorPassing
import Glibc

extension PrivilegedAgent {
    /// The descriptor the agent process finds its first channel on.
    public static let inheritedChannel: Int32 = 3

    /// Starts the agent: `executable` run with `arguments` (which should make it call
    /// ``AgentServer/run(channelDescriptor:)`` on ``inheritedChannel``), connected by a socket pair.
    /// Call it while still root and before anything else is opened, so the agent inherits nothing but
    /// its channel and the standard streams.
    public static func start(executable: String, arguments: [String]) throws(AgentChannelError) -> PrivilegedAgent {
        let (mine, theirs) = try AgentChannel.pair()
        defer { theirs.close() }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // dup2 onto the agent's channel number clears close-on-exec there (and glibc clears it when the
        // numbers happen to be equal).
        posix_spawn_file_actions_adddup2(&actions, theirs.descriptor, inheritedChannel)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid = pid_t()
        let result = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        guard result == 0 else {
            mine.close()
            throw AgentChannelError(errorNumber: result)
        }
        return PrivilegedAgent(control: mine)
    }

    /// In the agent process: asks the kernel for SIGTERM when the server that started it dies, so an
    /// agent is never left behind.
    public static func dieWithParent() {
        _ = mailroom_die_with_parent()
    }
}
