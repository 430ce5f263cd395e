// SPDX-License-Identifier: MIT

import SIOHTTP
import SIOServer
import SIOTestSupport
import Testing

/// socket.io-adapter's room events (`in-memory-adapter.ts`), as a handler on `namespace.adapter` sees them while
/// live clients connect, join, leave and disconnect.
@Suite("Adapter room events: create-room, join-room, leave-room, delete-room")
struct AdapterEventTests {
    /// A server whose `/` adapter records every room event as `"create-room r"`, `"join-room r id"`, ...
    private func recordingServer(_ recorder: Recorder) throws -> SocketIOTestServer {
        try SocketIOTestServer { io in
            let adapter = io.sockets.adapter
            for event in AdapterRoomEvent.allCases {
                adapter.on(event) { room in recorder.record("\(event.rawValue) \(room)") }
            }
            for event in AdapterMembershipEvent.allCases {
                adapter.on(event) { room, id in recorder.record("\(event.rawValue) \(room) \(id)") }
            }
        }
    }

    @Test("a connecting socket creates and joins its own room, create-room first")
    func ownRoomOnConnect() throws {
        let recorder = Recorder()
        let server = try recordingServer(recorder)
        defer { server.stop() }
        let id = try server.client().connect()
        #expect(recorder.all == ["create-room \(id)", "join-room \(id) \(id)"])
    }

    @Test("a room created by join fires create-room once, and delete-room when its last member leaves")
    func roomLifeCycle() throws {
        let recorder = Recorder()
        let server = try recordingServer(recorder)
        defer { server.stop() }
        let first = try server.client().connect(), second = try server.client().connect()
        let before = recorder.all.count
        try server.onLoop {
            let sockets = server.io.sockets.sockets
            sockets[first]!.join("lobby")
            sockets[second]!.join("lobby")
            sockets[first]!.join("lobby")
            sockets[first]!.leave("lobby")
            sockets[first]!.leave("lobby")
            sockets[second]!.leave("lobby")
        }
        #expect(Array(recorder.all.dropFirst(before)) == [
            "create-room lobby", "join-room lobby \(first)",
            "join-room lobby \(second)",
            "leave-room lobby \(first)",
            "leave-room lobby \(second)", "delete-room lobby",
        ])
    }

    @Test("a disconnecting socket leaves every room, its own included, and empties delete")
    func disconnectLeavesEverything() throws {
        let recorder = Recorder()
        let server = try recordingServer(recorder)
        defer { server.stop() }
        let leaving = try server.client()
        let id = try leaving.connect(), stayingID = try server.client().connect()
        try server.onLoop {
            server.io.sockets.sockets[id]!.join("solo")
            server.io.sockets.sockets[stayingID]!.join("shared")
            server.io.sockets.sockets[id]!.join("shared")
        }
        let before = recorder.all.count
        try leaving.post("41")
        _ = try server.onLoop { server.io.sockets.sockets.count }
        let events = Array(recorder.all.dropFirst(before))
        #expect(events.count == 5)
        #expect(Set(events) == [
            "leave-room \(id) \(id)", "delete-room \(id)", "leave-room solo \(id)", "delete-room solo",
            "leave-room shared \(id)",
        ])
        for room in [id, "solo"] {
            let leave = try #require(events.firstIndex(of: "leave-room \(room) \(id)"))
            #expect(events[leave + 1] == "delete-room \(room)")
        }
        #expect(!events.contains("delete-room shared"))
    }
}
