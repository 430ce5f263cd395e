// SPDX-License-Identifier: MIT

import SIOLoops
import SIOServer
import SIOTestSupport
import Synchronization
import Testing

/// The room events of `LoopGroupAdapter`: each loop reports its own sockets, as each node of a Node cluster does.
@Suite("Adapter room events with several loops")
struct AdapterEventLoopTests {
    @Test("socketsJoin and socketsLeave from loop 0 fire create, join, leave and delete on loop 1 only")
    func eachLoopSeesItsOwnRooms() async throws {
        let seen = EventLog()
        let servers = try LoopGroupServers { io in
            let adapter = io.sockets.adapter, server = ObjectIdentifier(io)
            let record = { (event: String) in seen.record(server, event) }
            adapter.on(.createRoom) { room in record("create-room \(room)") }
            adapter.on(.deleteRoom) { room in record("delete-room \(room)") }
            adapter.on(.joinRoom) { room, id in record("join-room \(room) \(id)") }
            adapter.on(.leaveRoom) { room, id in record("leave-room \(room) \(id)") }
        }
        defer { servers.stop() }
        let thereID = try await servers.client(on: 1).id
        let roomsThere = { try servers.onLoop(1) { servers.io[1].sockets.adapter.rooms(of: thereID) } }

        try servers.onLoop(0) { servers.io[0].in(thereID).socketsJoin("vip") }
        #expect(try eventually { try roomsThere() == [thereID, "vip"] })
        try servers.onLoop(0) { servers.io[0].in("vip").socketsLeave("vip") }
        #expect(try eventually { try roomsThere() == [thereID] })

        let events = seen.all
        #expect(events.allSatisfy { $0.server == ObjectIdentifier(servers.io[1]) })
        #expect(events.map(\.event) == [
            "create-room \(thereID)", "join-room \(thereID) \(thereID)",
            "create-room vip", "join-room vip \(thereID)", "leave-room vip \(thereID)", "delete-room vip",
        ])
    }
}

/// Room events recorded on the loops, with the server that saw each, read by the test thread.
private final class EventLog: Sendable {
    private let events = Mutex<[(server: ObjectIdentifier, event: String)]>([])

    func record(_ server: ObjectIdentifier, _ event: String) { events.withLock { $0.append((server, event)) } }

    var all: [(server: ObjectIdentifier, event: String)] { events.withLock { $0 } }
}
