// swift-tools-version:6.0
// SPDX-License-Identifier: MIT
//
// A package that depends on this repository the way an application would, by path, and builds the app of
// docs/library.md with the library products only: no `@testable`, no `package` symbols. `scripts/test.sh`
// builds it (stage "consumer"), so a public API that is not enough for a real app fails the test command.
import Foundation
import PackageDescription

// SwiftPM names a path dependency after its folder, whatever the checkout is called (`main`, a worktree, a CI
// directory): `.product(..., package:)` must use that name. An application that depends on the published
// repository writes `package: "socketio-swift-workshop"` instead (docs/library.md).
let workshop = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardized
let workshopIdentity = workshop.lastPathComponent.lowercased()

let package = Package(
    name: "consumer",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: "../.."),
    ],
    targets: [
        .executableTarget(
            name: "ChatApp",
            dependencies: [
                .product(name: "SocketIO", package: workshopIdentity),
                .product(name: "SocketIOAuth", package: workshopIdentity),
                .product(name: "SocketIORedis", package: workshopIdentity),
                .product(name: "SocketIOAdminUI", package: workshopIdentity),
            ],
            path: "Sources/ChatApp"
        ),
    ]
)
