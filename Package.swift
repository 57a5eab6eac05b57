// swift-tools-version:6.0
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "pdgate",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "pdgate", targets: ["pdgate"]),
        .library(name: "Gateway", targets: ["Gateway"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", exact: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", exact: "2.1.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", exact: "2.13.0"),
        .package(url: "https://github.com/swift-server/async-http-client", exact: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", exact: "2.101.3"),
        // Already resolved through async-http-client; named here for the SMTP client's STARTTLS.
        .package(url: "https://github.com/apple/swift-nio-ssl", exact: "2.37.6"),
        .package(url: "https://github.com/apple/swift-crypto", exact: "4.5.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", exact: "0.9.20"),
        .package(url: "https://github.com/vapor/postgres-nio", exact: "1.33.2"),
        // Test helpers start programs with it: Foundation's Process crashes a process with many open descriptors.
        .package(url: "https://github.com/swiftlang/swift-subprocess", exact: "1.0.2"),
        .package(url: "https://github.com/apple/swift-system", exact: "1.8.1"),
        // Writes /metrics in the Prometheus text format (brings swift-metrics and swift-atomics).
        .package(url: "https://github.com/swift-server/swift-prometheus", exact: "2.4.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CSodium",
            pkgConfig: "libsodium",
            providers: [.apt(["libsodium-dev"])]
        ),
        // The words every layer shares: SubjectID, Principal, AuditAction.
        .target(name: "Core", swiftSettings: swiftSettings),
        // The databases under the key store and the vault: SQLite through GRDB, or PostgreSQL through postgres-nio. The
        // only target that imports either (StorageBoundaryTests holds it so).
        .target(
            name: "Storage",
            dependencies: [
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Keyring",
            dependencies: ["Core", "CSodium", "Storage"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Intake",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Workbook",
            dependencies: [.product(name: "ZIPFoundation", package: "ZIPFoundation")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Policy",
            dependencies: ["Intake", .product(name: "Yams", package: "Yams")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Vault",
            dependencies: ["Core", "Keyring", "Storage", "Intake"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Audit",
            dependencies: ["Storage", "Core", "Keyring", "Vault"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Requests",
            dependencies: ["Policy"],
            swiftSettings: swiftSettings
        ),
        // The legal documents pdgate writes (access answers, destruction acts, request letters, operator documents,
        // incident notices), rendered from the records in Requests and the operator's policies.
        .target(
            name: "Documents",
            dependencies: ["Requests", "Policy"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Gateway",
            dependencies: ["Core",
                "Keyring", "Vault", "Policy", "Audit", "Intake", "Requests", "Documents", "ConnectorKit", "Workbook",
                "Storage", "Mailer",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // The import pipeline: CSV and workbook rows read (Intake, Workbook), checked, matched and merged into the
        // vault through the gateway's one matching and resealing rules, with its rejects report and summary.
        .target(
            name: "Import",
            dependencies: ["Core", "Gateway", "Keyring", "Vault", "Policy", "Audit", "Intake", "Workbook", "ConnectorKit",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // Outgoing e-mail (verification codes, double opt-in): the Mailer protocol, SMTP with STARTTLS, and a mailing
        // service's transactional send through its connector.
        // `pdgate bench`: generated customers and the import, request and purge benchmarks, apart from the product.
        .target(
            name: "Benchmarks",
            dependencies: ["Core", "Gateway", "Import", "Vault", "Keyring", "Policy", "Storage", "Requests", "Intake", "Workbook"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Mailer",
            dependencies: [
                "ConnectorKit",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Server",
            dependencies: ["Core", 
                "Gateway", "Keyring", "Vault", "Policy", "Requests", "Documents", "Audit", "ConnectorKit", "Mailer",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            // The console's and privacy center's Mustache pages, read once at start (TemplateFolder). SwiftPM puts
            // them in pdgate_Server.resources beside the binary: a copied binary needs that directory with it.
            resources: [.copy("Templates")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "pdgate",
            dependencies: ["Core", 
                "Gateway", "Import", "Keyring", "Intake", "Policy", "Requests", "Documents", "Server", "ConnectorKit", "Mailer",
                "MailchimpConnector", "UniSenderConnector", "OneCConnector", "MoeDeloConnector",
                "VoximplantConnector", "WebhookConnector", "AsyncHTTPTransport", "Storage", "Benchmarks",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "KeyringTests", dependencies: ["Core", "Keyring"], swiftSettings: swiftSettings),
        .testTarget(name: "MailerTests", dependencies: ["Mailer", "PDGateTesting"], swiftSettings: swiftSettings),
        .testTarget(name: "IntakeTests", dependencies: ["Intake"], swiftSettings: swiftSettings),
        .testTarget(
            name: "WorkbookTests",
            dependencies: ["Workbook", "PDGateTesting", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            swiftSettings: swiftSettings
        ),
        // Helpers shared by test targets only (never linked into the product).
        .target(
            name: "PDGateTesting",
            dependencies: [
                "ConnectorKit", "Core", "Gateway", "Import", "Policy",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "PolicyTests", dependencies: ["Policy"], swiftSettings: swiftSettings),
        .testTarget(name: "RequestsTests", dependencies: ["Requests", "Documents", "Policy"], swiftSettings: swiftSettings),
        .testTarget(
            name: "StorageTests",
            dependencies: ["Core", "Storage", "Vault", "Keyring", "Audit", "PDGateTesting"],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "AuditTests", dependencies: ["Core", "Audit", "Keyring", "Vault", "Storage"], swiftSettings: swiftSettings),
        .testTarget(
            name: "GatewayTests",
            dependencies: ["Core", 
                "Gateway", "Import", "Keyring", "Vault", "Audit", "Policy", "Intake", "Requests", "Documents", "Workbook",
                "PDGateTesting", "ConnectorKit",
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ServerTests",
            dependencies: ["Core", 
                "Server", "Gateway", "Import", "Keyring", "Vault", "Policy", "Requests", "Documents", "Audit", "PDGateTesting",
                "ConnectorKit", "Mailer", "MailchimpConnector", "UniSenderConnector", "Storage",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["Browser"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PDGateCLITests",
            dependencies: ["Core", "pdgate", "PDGateTesting"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ReliabilityTests",
            dependencies: ["pdgate", "PDGateTesting", "Benchmarks"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "ConnectorKit",
            // Digests and HMAC come from swift-crypto rather than being written by hand.
            dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "AsyncHTTPTransport",
            dependencies: [
                "ConnectorKit",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(name: "MailchimpConnector", dependencies: ["ConnectorKit"], path: "Connectors/Mailchimp",
                exclude: ["LIMITS.md"], swiftSettings: swiftSettings),
        .target(name: "UniSenderConnector", dependencies: ["ConnectorKit"], path: "Connectors/UniSender",
                exclude: ["LIMITS.md"], swiftSettings: swiftSettings),
        .target(name: "OneCConnector", dependencies: ["ConnectorKit"], path: "Connectors/OneC",
                exclude: ["CALLS.md", "LIMITS.md"], swiftSettings: swiftSettings),
        .target(name: "MoeDeloConnector", dependencies: ["ConnectorKit"], path: "Connectors/MoeDelo",
                exclude: ["CALLS.md", "LIMITS.md"], swiftSettings: swiftSettings),
        .target(name: "VoximplantConnector",
                dependencies: ["ConnectorKit", .product(name: "_CryptoExtras", package: "swift-crypto")],
                path: "Connectors/Voximplant", exclude: ["LIMITS.md"], swiftSettings: swiftSettings),
        .target(name: "WebhookConnector", dependencies: ["ConnectorKit"], path: "Connectors/Webhook",
                exclude: ["LIMITS.md"], swiftSettings: swiftSettings),
        .executableTarget(
            name: "ConnectorBench",
            dependencies: ["ConnectorKit", "MailchimpConnector", "UniSenderConnector", "AsyncHTTPTransport",
                           "PDGateTesting", "Benchmarks"],
            path: "Connectors/ConnectorBench",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ConnectorTests",
            dependencies: ["Core", 
                "ConnectorKit", "MailchimpConnector", "UniSenderConnector", "OneCConnector", "MoeDeloConnector",
                "VoximplantConnector", "WebhookConnector", "Gateway", "Import", "Keyring", "Policy", "Vault",
                "AsyncHTTPTransport", "Server", "Mailer", "PDGateTesting", "Storage",
                // The invariant explorer kills `pdgate` processes on its data directory.
                "pdgate",
                // The inbound tests run pdgate's server live, for the emulators to post their webhooks to.
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["Emulators"],
            swiftSettings: swiftSettings
        ),
    ]
)
