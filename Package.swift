// swift-tools-version: 6.1
import PackageDescription

let strictSwift: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "mailroom",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "mailroom", targets: ["mailroom"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.0"),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.0"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
    ],
    targets: [
        // Value types shared by every module: addresses and networks.
        .target(name: "MailCore", dependencies: [.product(name: "NIOCore", package: "swift-nio")], swiftSettings: strictSwift),
        // main.cf grammar, expansion, the typed settings model.
        .target(name: "MailroomConfig", dependencies: ["MailCore"], swiftSettings: strictSwift),
        // The system crypt(3) (libxcrypt).
        .systemLibrary(name: "CCrypt", path: "Sources/CCrypt"),
        // User databases, password hashing, the authenticator and SASL machines.
        .target(name: "Accounts", dependencies: ["MailCore", "CCrypt"], swiftSettings: strictSwift),
        // setfsuid(2), setfsgid(2) and a per-thread setgroups(2): mailbox work as the mailbox's owner.
        .systemLibrary(name: "CFileSystemIdentity", path: "Sources/CFileSystemIdentity"),
        // struct ucred, SO_PEERCRED's value, which glibc hides without _GNU_SOURCE.
        .systemLibrary(name: "CPeerCredentials", path: "Sources/CPeerCredentials"),
        // The system SQLite (libsqlite3-dev), for the mail index.
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite"),
        // What IMAP and POP3 know beyond the messages: folders, UIDs, flags, MODSEQs, cached structure.
        .target(name: "MailIndex", dependencies: ["MailCore", "CSQLite"], swiftSettings: strictSwift),
        // sendmsg(2)/recvmsg(2) with SCM_RIGHTS and prctl(2), which Swift cannot call directly.
        .systemLibrary(name: "CDescriptorPassing", path: "Sources/CDescriptorPassing"),
        // The root part of a server that dropped root: mailbox system calls as their owners, shadow checks.
        .target(
            name: "PrivilegedAgent", dependencies: ["MailCore", "MailStore", "Accounts", "CDescriptorPassing"],
            swiftSettings: strictSwift
        ),
        // Mailboxes on disk: Maildir++ and mboxrd delivery, under Postfix's locks.
        .target(
            name: "MailStore", dependencies: ["MailCore", "MailIndex", "CFileSystemIdentity"],
            swiftSettings: strictSwift
        ),
        // One account's folders for IMAP and POP3: the mailboxes on disk joined with the mail index.
        .target(
            name: "MailFolders", dependencies: ["MailCore", "MailStore", "MailIndex", "MailMessage"],
            swiftSettings: strictSwift
        ),
        // The durable spool, the delivery scheduler, retries and bounces.
        .target(
            name: "MailQueue",
            dependencies: [
                "MailCore", "MailStore", "MailroomConfig",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSwift
        ),
        // RFC 5321/2033 grammar, replies with RFC 3463 codes, the DATA decoder, the server machine.
        .target(
            name: "SMTPProtocol",
            dependencies: ["MailCore", .product(name: "NIOCore", package: "swift-nio")],
            swiftSettings: strictSwift
        ),
        // The local submission protocol between `mailroom sendmail` and the server: commands and machine.
        .target(
            name: "LocalSubmission",
            dependencies: ["SMTPProtocol", .product(name: "NIOCore", package: "swift-nio")],
            swiftSettings: strictSwift
        ),
        // RFC 1939 grammar and responses, dot-stuffing, TOP, the POP3 session machine.
        .target(
            name: "POP3Protocol",
            dependencies: ["MailCore", .product(name: "NIOCore", package: "swift-nio")],
            swiftSettings: strictSwift
        ),
        // RFC 9051 / RFC 3501 grammar: the command parser and literal framer, command and response types, the
        // response encoder (FETCH body sections streamed).
        .target(
            name: "IMAPProtocol",
            dependencies: ["MailCore", "MailMessage", .product(name: "NIOCore", package: "swift-nio")],
            swiftSettings: strictSwift
        ),
        // What an IMAP session does with its selected folder, sans I/O: the message list and its updates, SEARCH
        // matching, FETCH items, LIST/LSUB pattern matching (RFC 9051 §6.3.9-§6.4, §7.4-§7.5).
        .target(
            name: "IMAPMailbox",
            dependencies: [
                "IMAPProtocol", "MailIndex", "MailMessage", "MailFolders", "MailCore",
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: strictSwift
        ),
        // RFC 1035 messages and records, zone files, the authoritative answer logic.
        .target(
            name: "DNSProtocol",
            dependencies: ["MailCore", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strictSwift
        ),
        // Listeners, TLS, certificates, STARTTLS plumbing, per-IP limits.
        .target(
            name: "ServerKit",
            dependencies: [
                "MailCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSwift
        ),
        // Recipient routing: mydestination, relay_domains, mynetworks, aliases, accounts.
        .target(name: "MailRouting", dependencies: ["MailCore", "MailroomConfig", "Accounts"], swiftSettings: strictSwift),
        // RFC 5322 + MIME: the one-pass parser, ENVELOPE/BODYSTRUCTURE data, section ranges, RFC 2047/2231,
        // transfer and charset decoding (glibc iconv), and the serialized form the mailbox index keeps.
        .target(name: "MailMessage", swiftSettings: strictSwift),
        // The SMTP, submission and LMTP servers: NIO glue around SMTPServerMachine.
        .target(
            name: "SMTPServer",
            dependencies: [
                "MailCore", "SMTPProtocol", "ServerKit", "Accounts", "MailRouting",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSwift
        ),
        // The POP3 server: NIO glue around POP3ServerMachine, over the account's folder store.
        .target(
            name: "POP3Server",
            dependencies: [
                "POP3Protocol", "ServerKit", "Accounts", "MailStore", "MailFolders", "MailIndex", "MailCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSwift
        ),
        // The caching stub resolver for delivery and mail authentication, over an injected transport.
        .target(
            name: "IMAPServer",
            dependencies: [
                "IMAPProtocol", "IMAPMailbox", "MailFolders", "MailIndex", "MailMessage", "Accounts", "ServerKit", "MailCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSwift
        ),
        .target(
            name: "DNSClient",
            dependencies: [
                "DNSProtocol", "MailCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strictSwift
        ),
        // The DNS server: UDP sockets on every core and TCP through ServerKit, around a DNSResponder.
        .target(
            name: "DNSServer",
            dependencies: [
                "DNSProtocol", "ServerKit", "MailCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSwift
        ),
        // Wiring: settings to services, one ServiceGroup.
        // Outbound delivery: the SMTP client conversation, MX and relay host plans, the queue's remote transport.
        .target(
            name: "OutboundDelivery",
            dependencies: [
                "MailCore", "MailQueue", "MailroomConfig", "SMTPProtocol", "ServerKit", "DNSProtocol", "MailMessage",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSwift
        ),
        .target(
            name: "MailroomApp",
            dependencies: [
                "MailCore", "MailroomConfig", "Accounts", "ServerKit", "MailRouting", "MailStore", "MailQueue",
                "SMTPProtocol", "SMTPServer", "POP3Server", "DNSProtocol", "LocalSubmission", "DNSServer", "DNSClient",
                "CPeerCredentials", "PrivilegedAgent", "MailFolders", "IMAPServer", "IMAPMailbox", "OutboundDelivery",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSwift
        ),
        // The command line.
        .target(
            name: "MailroomCLI",
            dependencies: [
                "MailCore", "MailroomConfig", "Accounts", "MailroomApp", "ServerKit", "MailStore", "PrivilegedAgent", "MailQueue",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSwift
        ),
        .executableTarget(name: "mailroom", dependencies: ["MailroomCLI"], swiftSettings: strictSwift),

        .testTarget(name: "MailCoreTests", dependencies: ["MailCore"], swiftSettings: strictSwift),
        .testTarget(name: "MailroomConfigTests", dependencies: ["MailroomConfig", "MailCore"], swiftSettings: strictSwift),
        .testTarget(name: "MailStoreTests", dependencies: ["MailStore", "MailIndex", "MailroomConfig", "MailCore"], swiftSettings: strictSwift),
        .testTarget(name: "MailIndexTests", dependencies: ["MailIndex"], swiftSettings: strictSwift),
        .testTarget(
            name: "MailFoldersTests", dependencies: ["MailFolders", "MailStore", "MailIndex", "MailMessage", "MailCore"],
            swiftSettings: strictSwift
        ),
        .testTarget(
            name: "PrivilegedAgentTests", dependencies: ["PrivilegedAgent", "MailStore", "Accounts", "MailCore"],
            swiftSettings: strictSwift
        ),
        .testTarget(
            name: "SMTPProtocolTests",
            dependencies: ["SMTPProtocol", "MailCore", .product(name: "NIOCore", package: "swift-nio")],
            swiftSettings: strictSwift
        ),
        .testTarget(
            name: "MailRoutingTests",
            dependencies: ["MailRouting", "MailroomConfig", "Accounts", "MailCore"],
            swiftSettings: strictSwift
        ),
        .testTarget(
            name: "OutboundDeliveryTests",
            dependencies: [
                "OutboundDelivery", "MailQueue", "MailCore", "MailroomConfig", "SMTPProtocol", "DNSProtocol", "ServerKit",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSwift
        ),
        .testTarget(
            name: "MailQueueTests",
            dependencies: [
                "MailQueue", "MailStore", "MailroomConfig", "MailCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSwift
        ),
        .testTarget(
            name: "SMTPServerTests",
            dependencies: [
                "SMTPServer", "SMTPProtocol", "MailCore", "ServerKit", "ServerTestSupport", "Accounts", "MailRouting",
                "MailroomConfig",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSwift
        ),
        .testTarget(
            name: "LocalSubmissionTests",
            dependencies: ["LocalSubmission", "SMTPProtocol", .product(name: "NIOCore", package: "swift-nio")],
            swiftSettings: strictSwift
        ),
        .testTarget(
            name: "POP3ProtocolTests",
            dependencies: ["POP3Protocol", "MailCore", .product(name: "NIOCore", package: "swift-nio")],
            swiftSettings: strictSwift
        ),
        .testTarget(
            name: "IMAPProtocolTests",
            dependencies: ["IMAPProtocol", "MailCore", "MailMessage", .product(name: "NIOCore", package: "swift-nio")],
            swiftSettings: strictSwift
        ),
        .testTarget(
            name: "IMAPMailboxTests",
            dependencies: [
                "IMAPMailbox", "IMAPProtocol", "MailIndex", "MailMessage", "MailFolders",
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: strictSwift
        ),
        .testTarget(name: "DNSProtocolTests", dependencies: ["DNSProtocol", "MailCore"], swiftSettings: strictSwift),
        .testTarget(
            name: "DNSClientTests",
            dependencies: [
                "DNSClient", "DNSProtocol", "DNSServer", "ServerKit", "MailCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSwift
        ),
        .testTarget(
            name: "DNSServerTests",
            dependencies: [
                "DNSServer", "DNSProtocol", "ServerKit", "MailCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSwift
        ),
        .testTarget(name: "AccountsTests", dependencies: ["Accounts", "MailCore"], swiftSettings: strictSwift),
        .testTarget(name: "MailMessageTests", dependencies: ["MailMessage"], swiftSettings: strictSwift),
        // A line client for the server tests (connect, send, read until, STARTTLS), accounts in memory.
        .target(
            name: "ServerTestSupport",
            dependencies: [
                "ServerKit", "Accounts", "MailCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            path: "Tests/ServerTestSupport",
            swiftSettings: strictSwift
        ),
        .testTarget(
            name: "IMAPServerTests",
            dependencies: [
                "IMAPServer", "IMAPProtocol", "MailFolders", "MailIndex", "MailStore", "Accounts", "MailCore", "ServerKit",
                "ServerTestSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSwift
        ),
        .testTarget(
            name: "ServerKitTests",
            dependencies: [
                "ServerKit", "MailCore", "ServerTestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ],
            swiftSettings: strictSwift
        ),
        .testTarget(
            name: "MailroomAppTests",
            dependencies: ["MailroomApp", "MailroomConfig", "Accounts", "MailCore", "MailStore", "DNSProtocol", "DNSClient",
                           "SMTPProtocol", "SMTPServer", "MailRouting"],
            swiftSettings: strictSwift
        ),
    ],
    swiftLanguageModes: [.v6]
)

// libFuzzer targets (Fuzz/NAME/main.swift), present only for `scripts/fuzz NAME`, which sets
// MAILROOM_FUZZ=1 and builds every module with -sanitize=fuzzer,address.
if Context.environment["MAILROOM_FUZZ"] == "1" {
    /// A fuzzer in Fuzz/NAME with its seed corpus and libFuzzer dictionary (if any) left out of the sources.
    func fuzzer(_ name: String, _ dependencies: [Target.Dependency], dictionary: String? = nil) -> Target {
        .executableTarget(
            name: name, dependencies: dependencies, path: "Fuzz/\(name)",
            exclude: ["corpus"] + (dictionary.map { [$0] } ?? []), swiftSettings: strictSwift)
    }
    package.targets += [
        .target(name: "CLibFuzzer", path: "Fuzz/CLibFuzzer"),
        // The driver call and the checks the targets share.
        .target(name: "FuzzSupport", dependencies: ["CLibFuzzer", "MailroomConfig"], path: "Fuzz/FuzzSupport",
                swiftSettings: strictSwift),
        fuzzer("DNSPacketFuzzer", ["DNSProtocol", "CLibFuzzer"]),
        fuzzer("ZoneFileFuzzer", ["DNSProtocol", "CLibFuzzer"], dictionary: "zone.dict"),
        fuzzer("LocalSubmissionFuzzer", ["LocalSubmission", "CLibFuzzer"]),
        fuzzer("SMTPCommandFuzzer", ["SMTPProtocol", "FuzzSupport", .product(name: "NIOCore", package: "swift-nio")],
               dictionary: "smtp.dict"),
        fuzzer("SMTPClientFuzzer", ["SMTPProtocol", "MailCore", "FuzzSupport"], dictionary: "client.dict"),
        fuzzer("SMTPDataFuzzer", ["SMTPProtocol", "FuzzSupport", .product(name: "NIOCore", package: "swift-nio")],
               dictionary: "data.dict"),
        fuzzer("POP3CommandFuzzer", ["POP3Protocol", "FuzzSupport", .product(name: "NIOCore", package: "swift-nio")],
               dictionary: "pop3.dict"),
        fuzzer("IMAPCommandFuzzer", ["IMAPProtocol", "FuzzSupport", .product(name: "NIOCore", package: "swift-nio")],
               dictionary: "imap.dict"),
        fuzzer("IMAPSessionFuzzer", ["IMAPProtocol", "FuzzSupport", .product(name: "NIOCore", package: "swift-nio")],
               dictionary: "session.dict"),
        fuzzer("MainCfFuzzer", ["MailroomConfig", "FuzzSupport"], dictionary: "maincf.dict"),
        fuzzer("AliasesFuzzer", ["MailroomConfig", "FuzzSupport"], dictionary: "aliases.dict"),
        fuzzer("MboxReaderFuzzer", ["MailStore", "FuzzSupport"], dictionary: "mbox.dict"),
        fuzzer("MaildirNameFuzzer", ["MailStore", "MailIndex", "FuzzSupport"]),
        fuzzer("AgentRequestFuzzer", ["PrivilegedAgent", "FuzzSupport"]),
        fuzzer("MIMEFuzzer", ["MailMessage", "FuzzSupport"], dictionary: "mime.dict"),
        fuzzer("EightBitDowngradeFuzzer", ["MailMessage", "FuzzSupport"], dictionary: "downgrade.dict"),
        fuzzer("OldIndexFuzzer", ["MailStore", "FuzzSupport"]),
    ]
    // MboxReaderFuzzer, MaildirNameFuzzer and OldIndexFuzzer reach MailStore's internal parsers with `@testable import`.
    // AgentRequestFuzzer reaches the agent's internal message types the same way.
    for target in package.targets where target.name == "MailStore" || target.name == "PrivilegedAgent" {
        target.swiftSettings = (target.swiftSettings ?? []) + [.unsafeFlags(["-enable-testing"])]
    }
}
