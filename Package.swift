// swift-tools-version: 6.1
import PackageDescription

let strictSwift: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "mailroom",
    platforms: [.macOS(.v15)],
    targets: [
        // Value types shared by every module: addresses and networks.
        .target(name: "MailCore", swiftSettings: strictSwift),
        // main.cf grammar, expansion, the typed settings model.
        .target(name: "MailroomConfig", dependencies: ["MailCore"], swiftSettings: strictSwift),
        // The system crypt(3) (libxcrypt).
        .systemLibrary(name: "CCrypt", path: "Sources/CCrypt"),
        // User databases, password hashing, the authenticator and SASL machines.
        .target(name: "Accounts", dependencies: ["MailCore", "CCrypt"], swiftSettings: strictSwift),

        .testTarget(name: "MailCoreTests", dependencies: ["MailCore"], swiftSettings: strictSwift),
        .testTarget(name: "MailroomConfigTests", dependencies: ["MailroomConfig", "MailCore"], swiftSettings: strictSwift),
        .testTarget(name: "AccountsTests", dependencies: ["Accounts", "MailCore"], swiftSettings: strictSwift),
    ],
    swiftLanguageModes: [.v6]
)
