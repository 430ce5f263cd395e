// swift-tools-version:6.0
// SPDX-License-Identifier: MIT
//
// One library and one executable per workshop step. Each step's library builds on the one before it,
// so "what step N adds" is exactly the folder `Sources/Steps/0N-*` (see docs/architecture.md).
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "socketio-swift-workshop",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "Step1", targets: ["Step1"]),
    ],
    targets: [
        // The only C code: it includes <sys/epoll.h> and <sys/eventfd.h>, which Glibc does not export to Swift.
        .target(name: "CSystem", path: "Sources/CSystem"),

        // Step 1: an HTTP/1.1 server on POSIX sockets and an event loop.
        .target(name: "SIOHTTP", dependencies: ["CSystem"], path: "Sources/Steps/01-http/SIOHTTP", swiftSettings: swiftSettings),
        .executableTarget(
            name: "Step1", dependencies: ["SIOHTTP"], path: "Sources/Steps/01-http/Step1", exclude: ["static"],
            swiftSettings: swiftSettings),
        .testTarget(name: "SIOHTTPTests", dependencies: ["SIOHTTP", "SIOTestSupport"], path: "Tests/SIOHTTPTests", swiftSettings: swiftSettings),

        // Helpers shared by the live tests of every step: a raw TCP client and a server on port 0.
        .target(name: "SIOTestSupport", dependencies: ["SIOHTTP"], path: "Tests/SIOTestSupport", swiftSettings: swiftSettings),
    ]
)
