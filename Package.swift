// swift-tools-version:6.0
// SPDX-License-Identifier: MIT
//
// One library and one executable per workshop step. Each step's library builds on the one before it,
// so "what step N adds" is exactly the folder `Sources/Steps/0N-*` (see docs/architecture.md).
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

/// The modules of the `SocketIO` library product, lowest layer first.
let socketIOModules = [
    "SIOJSON",
    "SIOMessagePack",
    "SIOHTTP",
    "SIOEngineIO",
    "SIOWebSocket",
    "SIOServer",
    "SIOMsgpackParser",
    "SIOCluster",
    "SIOLoops",
]

let package = Package(
    name: "socketio-swift-workshop",
    platforms: [.macOS(.v15)],
    products: [
        // The libraries an application depends on (docs/library.md). `SocketIO` is the server, every layer of it;
        // the auth middleware and the Redis adapter are separate products, so an app links only what it uses.
        .library(name: "SocketIO", targets: socketIOModules),
        .library(name: "SocketIOAuth", targets: ["SIOAuth"]),
        .library(name: "SocketIORedis", targets: ["SIORedis"]),
        .library(name: "SocketIOAdminUI", targets: ["SIOAdminUI"]),

        // The workshop's executables, the demo and the tools.
        .executable(name: "Step1", targets: ["Step1"]),
        .executable(name: "Step2", targets: ["Step2"]),
        .executable(name: "Step3", targets: ["Step3"]),
        .executable(name: "Step4", targets: ["Step4"]),
        .executable(name: "Step5", targets: ["Step5"]),
        .executable(name: "ChatDemo", targets: ["ChatDemo"]),
        .executable(name: "sio-bench", targets: ["SIOBench"]),
        .executable(name: "sio-bench-peer", targets: ["SIOBenchPeer"]),
        .executable(name: "sio-fuzz", targets: ["SIOFuzz"]),
    ],
    targets: [
        // Support: the command line every executable shares (`--host`, `--port`, checked flags, one-line refusals,
        // unbuffered logs). `package` API on no other module, so it is part of no step's diff; the layers that read
        // their own flags (`EngineConfiguration.apply(_:)` and the like) import it too.
        .target(name: "SIOCommandLine", path: "Sources/Support/SIOCommandLine", swiftSettings: swiftSettings),
        .testTarget(name: "SIOCommandLineTests", dependencies: ["SIOCommandLine"], path: "Tests/SIOCommandLineTests", swiftSettings: swiftSettings),
        // Support: JSON (RFC 8259) values, a parser generic over the tree it builds, and a serializer that writes
        // numbers as JavaScript does. A general-purpose library, not Socket.IO: step 4 builds its packets on it.
        .target(name: "SIOJSON", path: "Sources/Support/SIOJSON", swiftSettings: swiftSettings),
        .testTarget(name: "SIOJSONTests", dependencies: ["SIOJSON"], path: "Tests/SIOJSONTests", swiftSettings: swiftSettings),
        // Support: MessagePack (msgpack spec) values, a decoder with bounds for bytes from the network, and an encoder
        // that picks the formats notepack.io picks. Not Socket.IO: the msgpack parser and the Redis adapter use it.
        .target(name: "SIOMessagePack", path: "Sources/Support/SIOMessagePack", swiftSettings: swiftSettings),
        .testTarget(
            name: "SIOMessagePackTests", dependencies: ["SIOMessagePack", "SIOTestSupport"], path: "Tests/SIOMessagePackTests",
            swiftSettings: swiftSettings),

        // Step 1: an HTTP/1.1 server on POSIX sockets and an event loop.
        // CSystem is the only C code: it includes <sys/epoll.h> and <sys/eventfd.h>, which Glibc does not export to Swift.
        .target(name: "CSystem", path: "Sources/CSystem"),
        .target(name: "SIOHTTP", dependencies: ["CSystem"], path: "Sources/Steps/01-http/SIOHTTP", swiftSettings: swiftSettings),
        .executableTarget(
            name: "Step1", dependencies: ["SIOHTTP", "SIOCommandLine"], path: "Sources/Steps/01-http/Step1", exclude: ["static"],
            swiftSettings: swiftSettings),
        .testTarget(name: "SIOHTTPTests", dependencies: ["SIOHTTP", "SIOTestSupport"], path: "Tests/SIOHTTPTests", swiftSettings: swiftSettings),

        // Step 2: Engine.IO v4 over HTTP long-polling.
        // CZlib exposes the system's zlib (zlib1g-dev on Debian, built into macOS): gzip and deflate for long-polling
        // responses here, permessage-deflate (RFC 7692) in step 3.
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", providers: [.apt(["zlib1g-dev"])]),
        .target(name: "SIOEngineIO", dependencies: ["SIOHTTP", "SIOCommandLine", "CZlib"], path: "Sources/Steps/02-engineio/SIOEngineIO", swiftSettings: swiftSettings),
        // The echo application Step2 and Step3 serve; not part of the SocketIO library.
        .target(name: "SIOEcho", dependencies: ["SIOEngineIO"], path: "Sources/Steps/02-engineio/SIOEcho", swiftSettings: swiftSettings),
        .executableTarget(name: "Step2", dependencies: ["SIOEngineIO", "SIOEcho"], path: "Sources/Steps/02-engineio/Step2", swiftSettings: swiftSettings),
        .testTarget(
            name: "SIOEngineIOTests", dependencies: ["SIOEngineIO", "SIOTestSupport"], path: "Tests/SIOEngineIOTests",
            swiftSettings: swiftSettings),

        // Step 3: RFC 6455 WebSocket and the Engine.IO upgrade.
        .target(name: "SIOWebSocket", dependencies: ["SIOEngineIO", "CZlib"], path: "Sources/Steps/03-websocket/SIOWebSocket", swiftSettings: swiftSettings),
        .executableTarget(name: "Step3", dependencies: ["SIOWebSocket", "SIOEcho"], path: "Sources/Steps/03-websocket/Step3", swiftSettings: swiftSettings),
        .testTarget(
            name: "SIOWebSocketTests", dependencies: ["SIOWebSocket", "SIOTestSupport"], path: "Tests/SIOWebSocketTests",
            swiftSettings: swiftSettings),

        // Step 4: Socket.IO v5: namespaces, rooms, acks, binary, broadcasting.
        .target(name: "SIOServer", dependencies: ["SIOWebSocket", "SIOJSON"], path: "Sources/Steps/04-rooms/SIOServer", swiftSettings: swiftSettings),
        .executableTarget(
            name: "Step4", dependencies: ["SIOServer", "SIOAdminUI", "SIOMsgpackParser"], path: "Sources/Steps/04-rooms/Step4", exclude: ["public"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "SIOServerTests", dependencies: ["SIOServer", "SIOTestSupport"], path: "Tests/SIOServerTests",
            swiftSettings: swiftSettings),

        // Extensions: optional features that plug into step 4's seams and teach no step of their own. The msgpack
        // parser (socket.io-msgpack-parser's wire format) is a `SocketIOParser`, with the JavaScript/notepack mapping
        // of Socket.IO values to MessagePack that the Redis adapter shares (docs/architecture.md).
        .target(
            name: "SIOMsgpackParser", dependencies: ["SIOServer", "SIOMessagePack"], path: "Sources/Extensions/SIOMsgpackParser",
            swiftSettings: swiftSettings),
        .testTarget(
            name: "SIOMsgpackParserTests", dependencies: ["SIOMsgpackParser", "SIOTestSupport"], path: "Tests/SIOMsgpackParserTests",
            swiftSettings: swiftSettings),

        // Step 5: middleware auth, JSON Web Tokens and the authentication deadline.
        .target(name: "SIOAuth", dependencies: ["SIOServer"], path: "Sources/Steps/05-auth/SIOAuth", swiftSettings: swiftSettings),
        .executableTarget(name: "Step5", dependencies: ["SIOAuth", "SIOLoops", "SIORedis"], path: "Sources/Steps/05-auth/Step5", swiftSettings: swiftSettings),
        .testTarget(
            name: "SIOAuthTests", dependencies: ["SIOAuth", "SIOTestSupport"], path: "Tests/SIOAuthTests",
            swiftSettings: swiftSettings),

        // Scale: beside the steps, built on their seams (docs/architecture.md). SIOCluster is what every cluster
        // adapter shares (remote sockets, server-side emits, cluster requests); SIOLoops runs one loop per core in
        // one process (loop groups, the server group that places connections, the in-process cluster adapter).
        .target(name: "SIOCluster", dependencies: ["SIOServer"], path: "Sources/Cluster/SIOCluster", swiftSettings: swiftSettings),
        .testTarget(
            name: "SIOClusterTests", dependencies: ["SIOCluster", "SIOTestSupport"], path: "Tests/SIOClusterTests",
            swiftSettings: swiftSettings),
        .target(name: "SIOLoops", dependencies: ["SIOCluster"], path: "Sources/Cluster/SIOLoops", swiftSettings: swiftSettings),
        .testTarget(
            name: "SIOLoopsTests", dependencies: ["SIOLoops", "SIOMsgpackParser", "SIOTestSupport"], path: "Tests/SIOLoopsTests",
            swiftSettings: swiftSettings),

        // Cluster: several server processes sharing rooms and broadcasts through Redis, with the wire
        // format of the official @socket.io/redis-adapter (RESP client, msgpack, request/response channels).
        // Outgoing TCP connections (a name resolved off the loop, IPv4 and IPv6, a non-blocking connect): the client
        // half of step 1's `Connection`, for the Redis client and the load generator. On SIOHTTP alone.
        .target(name: "SIOConnect", dependencies: ["SIOHTTP"], path: "Sources/Cluster/SIOConnect", swiftSettings: swiftSettings),
        .testTarget(
            name: "SIOConnectTests", dependencies: ["SIOConnect", "SIOTestSupport"], path: "Tests/SIOConnectTests",
            swiftSettings: swiftSettings),
        .target(name: "SIORedis", dependencies: ["SIOCluster", "SIOConnect", "SIOMsgpackParser"], path: "Sources/Cluster/SIORedis", swiftSettings: swiftSettings),
        .testTarget(
            name: "SIORedisTests", dependencies: ["SIORedis", "SIOTestSupport"], path: "Tests/SIORedisTests",
            swiftSettings: swiftSettings),

        // Extensions: what operators plug into a server, beside the steps. SIOAdminUI serves the Socket.IO Admin UI
        // (https://admin.socket.io): the `/admin` namespace of `@socket.io/admin-ui`'s `instrument`; on SIOCluster
        // for `fetchClusterSockets`, so that a cluster's sockets are all listed.
        .target(name: "SIOAdminUI", dependencies: ["SIOCluster", "SIOCommandLine"], path: "Sources/Extensions/SIOAdminUI", swiftSettings: swiftSettings),
        .testTarget(
            name: "SIOAdminUITests", dependencies: ["SIOAdminUI", "SIOTestSupport"], path: "Tests/SIOAdminUITests",
            swiftSettings: swiftSettings),

        // Demo: ChatDemo, the complete chat and notification app on top of every layer.
        // CSQLite exposes the system's SQLite (libsqlite3-dev on Debian, built into macOS).
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite", providers: [.apt(["libsqlite3-dev"])]),
        .executableTarget(
            name: "ChatDemo", dependencies: ["SIOAuth", "SIOLoops", "SIORedis", "SIOAdminUI", "CSQLite"], path: "Sources/ChatDemo", exclude: ["public"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "ChatDemoTests", dependencies: ["ChatDemo", "SIOTestSupport"], path: "Tests/ChatDemoTests",
            swiftSettings: swiftSettings),

        // Benchmarks: the load generator `sio-bench` (Benchmarks/README.md); the runner is Benchmarks/run.py.
        .executableTarget(name: "SIOBench", dependencies: ["SIOWebSocket", "SIOConnect"], path: "Benchmarks/SIOBench", swiftSettings: swiftSettings),
        .testTarget(name: "SIOBenchTests", dependencies: ["SIOBench"], path: "Tests/SIOBenchTests", swiftSettings: swiftSettings),
        // The benchmark contract on one or several loops (`--loops`), for comparing them; Benchmarks/README.md.
        .executableTarget(
            name: "SIOBenchPeer", dependencies: ["SIOServer", "SIOLoops", "SIOCommandLine"], path: "Benchmarks/SIOBenchPeer",
            swiftSettings: swiftSettings),

        // Fuzzing: one libFuzzer harness per parser (Fuzz/README.md). A plain build replays the committed corpus;
        // scripts/fuzz.sh builds the same target with `-sanitize=fuzzer -D SIO_FUZZ` into .build-fuzz.
        .target(name: "CLibFuzzer", path: "Fuzz/CLibFuzzer"),
        .executableTarget(
            name: "SIOFuzz", dependencies: ["CLibFuzzer", "SIOHTTP", "SIOEngineIO", "SIOWebSocket", "SIOServer", "SIOAuth", "SIORedis", "SIOMsgpackParser"],
            path: "Fuzz/SIOFuzz", swiftSettings: swiftSettings),

        // Helpers shared by the live tests of every step: a raw TCP client and a server on port 0.
        // WebSocketClient (a blocking RFC 6455 client) lives here: tests need it, applications do not.
        .target(name: "SIOTestSupport", dependencies: ["SIOHTTP", "SIOEngineIO", "SIOWebSocket", "SIOServer", "SIOLoops", "SIOConnect"], path: "Tests/SIOTestSupport", swiftSettings: swiftSettings),
    ]
)
