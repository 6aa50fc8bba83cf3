import ArgumentParser

/// `mailroom`: the root command; each job is a subcommand.
public struct MailroomCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "mailroom",
        abstract: "One program for a host's mail: SMTP, IMAP, POP3, LMTP and DNS.",
        discussion: """
            Configuration comes from --config FILE, else $MAILROOM_CONFIG, else /etc/mailroom/mailroom.cf \
            when it exists, else the built-in defaults (unprivileged ports: SMTP 2525, submission 2587, \
            submissions 2465, IMAP 1143, IMAPS 1993, POP3 1110, POP3S 1995, LMTP 2424, and DNS 5353 when `dns` \
            is in protocols).

            Also: `mailroom sendmail [-f SENDER] [-F NAME] [-t] [-i] [RECIPIENT...]` queues the message on \
            stdin as sendmail(1) does (and runs so when the binary is called through a link named \
            `sendmail`); `mailroom newaliases` checks the alias files (they are re-read when they change).
            """,
        version: MailroomCommand.version,
        subcommands: [ServeCommand.self, ConfigCommand.self, UserCommand.self, QueueCommand.self, DNSCommand.self, PrivilegedAgentCommand.self]
    )

    /// What `mailroom --version` prints; raised with each release.
    public static let version = "mailroom 0.5.0"

    public init() {}
}
