// swift-tools-version:6.1
import PackageDescription

// Dependencies, and why each is here:
// - swift-argument-parser: the `kehu` command line (serve, migrate, backup, check).
// - swift-log: the logging API every library target takes a `Logger` from.
// - Yams: reads openapi.yaml to render the human-readable /docs page.
// - swift-crypto: SHA-256 for stored API-key hashes, HMAC-SHA256 for webhook signatures
//   (BoringSSL-backed, constant-time primitives we should not write ourselves).
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "kehu",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "kehu", targets: ["kehu"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        // accept4 and pthread_setname_np, which Glibc's Swift module hides.
        .target(name: "CSystemShims"),
        .target(
            name: "SQLiteStore",
            dependencies: ["CSQLite"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "HTTPServer",
            dependencies: ["CSystemShims", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strictSettings
        ),
        .target(
            name: "KehuCore",
            swiftSettings: strictSettings
        ),
        .target(
            name: "KehuSecurity",
            dependencies: ["KehuCore", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strictSettings
        ),
        .target(
            name: "KehuPersistence",
            dependencies: ["KehuCore", "SQLiteStore"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "KehuAPI",
            dependencies: [
                "HTTPServer", "KehuCore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "kehu",
            dependencies: [
                "CSystemShims", "HTTPServer", "KehuAPI", "KehuCore", "KehuPersistence", "KehuSecurity", "SQLiteStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "KehuTestSupport",
            dependencies: [
                "HTTPServer", "KehuAPI", "KehuCore", "KehuPersistence", "KehuSecurity", "SQLiteStore",
                .product(name: "Crypto", package: "swift-crypto"), .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/KehuTestSupport",
            swiftSettings: strictSettings
        ),
        // Fuzz targets (scripts/fuzz builds them with libFuzzer; a plain build replays files).
        .target(
            name: "KehuFuzzing",
            dependencies: ["HTTPServer", "KehuAPI", "KehuCore", "KehuTestSupport"],
            path: "Tests/KehuFuzzing",
            swiftSettings: strictSettings
        ),
        .executableTarget(name: "kehu-fuzz", dependencies: ["KehuFuzzing"], path: "Tests/KehuFuzzMain", swiftSettings: strictSettings),
        .testTarget(name: "KehuFuzzingTests", dependencies: ["KehuFuzzing", "KehuTestSupport"], swiftSettings: strictSettings),
        .testTarget(name: "HTTPServerTests", dependencies: ["HTTPServer", "KehuTestSupport"], swiftSettings: strictSettings),
        .testTarget(name: "KehuCoreTests", dependencies: ["KehuCore"], swiftSettings: strictSettings),
        .testTarget(name: "SQLiteStoreTests", dependencies: ["SQLiteStore", "KehuTestSupport"], swiftSettings: strictSettings),
        .testTarget(name: "KehuPersistenceTests", dependencies: ["KehuPersistence", "KehuTestSupport"], swiftSettings: strictSettings),
        // Runs the built `kehu` binary: signals, exit codes, subcommands, real sockets.
        .testTarget(
            name: "KehuEndToEndTests",
            dependencies: ["KehuTestSupport", "KehuSecurity", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "KehuAPITests",
            dependencies: ["KehuAPI", "KehuPersistence", "KehuSecurity", "KehuTestSupport", .product(name: "Yams", package: "Yams")],
            swiftSettings: strictSettings
        ),
    ]
)
