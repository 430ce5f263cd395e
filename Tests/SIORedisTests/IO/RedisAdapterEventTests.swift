// SPDX-License-Identifier: MIT

import SIOCluster
import SIOServer
import SIOTestSupport
import Synchronization
import Testing

/// The adapter's room events through Redis: each server reports its own sockets, as each Node server does.
@Suite("Adapter room events on two servers through a real Redis", .enabled(if: RedisServerProcess.isAvailable), .serialized)
final class RedisAdapterEventTests: @unchecked Sendable {
    let redis: RedisServerProcess
    let first: ClusterNode
    let second: ClusterNode

    init() throws {
        redis = try RedisServerProcess()
        first = try ClusterNode(redisURL: redis.url)
        second = try ClusterNode(redisURL: redis.url)
        guard first.waitForLink(), second.waitForLink() else { throw RawClient.Failure(description: "Redis link did not come up") }
    }

    deinit {
        first.stop()
        second.stop()
    }

    @Test("socketsJoin from one server fires create-room and join-room on the server that holds the socket only")
    func eachServerSeesItsOwnRooms() async throws {
        let seen = [RoomEvents(), RoomEvents()]
        for (node, events) in zip([first, second], seen) {
            try node.onLoop {
                node.io.sockets.adapter.on(.createRoom) { room in events.record("create-room \(room)") }
                node.io.sockets.adapter.on(.joinRoom) { room, id in events.record("join-room \(room) \(id)") }
                node.io.sockets.adapter.on(.leaveRoom) { room, id in events.record("leave-room \(room) \(id)") }
                node.io.sockets.adapter.on(.deleteRoom) { room in events.record("delete-room \(room)") }
            }
        }
        let there = try await second.client()
        let thereID = there.id

        // Redis delivers one connection's messages in order: the join request before the broadcast to "vip".
        try first.onLoop {
            self.first.io.in(thereID).socketsJoin("vip")
            self.first.io.to("vip").emit("vip news")
        }
        #expect(try await there.receive() == #"42["vip news"]"#)
        try first.onLoop {
            self.first.io.in(thereID).socketsLeave("vip")
            self.first.io.emit("marker")
        }
        #expect(try await there.receive() == #"42["marker"]"#)

        #expect(seen[0].all.isEmpty)
        #expect(seen[1].all == [
            "create-room \(thereID)", "join-room \(thereID) \(thereID)",
            "create-room vip", "join-room vip \(thereID)", "leave-room vip \(thereID)", "delete-room vip",
        ])
    }
}

/// Room events recorded on a server's loop, read by the test.
private final class RoomEvents: Sendable {
    private let events = Mutex<[String]>([])

    func record(_ event: String) { events.withLock { $0.append(event) } }

    var all: [String] { events.withLock { $0 } }
}
