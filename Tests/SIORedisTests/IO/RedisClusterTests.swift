// SPDX-License-Identifier: MIT

import SIOCluster
import SIOServer
import SIOTestSupport
import Synchronization
import Testing

/// Two servers, each on its own loop, sharing rooms through a real `redis-server` (started by the test on a free
/// port); their clients are raw long-polling clients, so every assertion is on the exact packets delivered.
/// Skipped when `redis-server` is not installed.
@Suite("Two servers through a real Redis", .enabled(if: RedisServerProcess.isAvailable), .serialized)
final class RedisClusterTests: @unchecked Sendable {
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

    @Test("a broadcast on one server reaches the matching clients of both, bytes included")
    func broadcastsAcrossServers() async throws {
        let here = try await first.client(), there = try await second.client(), outsider = try await second.client()
        try await here.enter("lobby")
        try await there.enter("lobby")

        try first.onLoop { self.first.io.to("lobby").emit("news", "hi") }
        #expect(try await here.receive() == #"42["news","hi"]"#)
        #expect(try await there.receive() == #"42["news","hi"]"#)

        try second.onLoop { self.second.io.emit("bin", .binary([1, 2, 3]), 1.5) }
        for client in [here, there, outsider] {
            #expect(try await client.receive() == #"451-["bin",{"_placeholder":true,"num":0},1.5]"#)
            #expect(try await client.receive() == "bAQID")
        }
        // The outsider is not in the lobby: it gets the second broadcast, not the first.
        try first.onLoop {
            self.first.io.to("lobby").emit("members only")
            self.first.io.except("lobby").emit("everyone else")
        }
        #expect(try await outsider.receive() == #"42["everyone else"]"#)
        #expect(try first.onLoop { self.first.redis.statistics.messagesPublished } >= 3)
    }

    @Test("a broadcast published by another implementation (socket.io-redis-emitter's shape) reaches every server")
    func acceptsForeignPublishers() async throws {
        let here = try await first.client(), there = try await second.client()
        try await there.enter("lobby")
        // ["emitter", {type: 2, data: ["tick", 7]}, {rooms: ["lobby"], except: []}], as notepack writes it, no nsp.
        let message = hex(
            "93 a7 65 6d 69 74 74 65 72 82 a4 74 79 70 65 02 a4 64 61 74 61 92 a4 74 69 63 6b 07"
                + " 82 a5 72 6f 6f 6d 73 91 a5 6c 6f 62 62 79 a6 65 78 63 65 70 74 90")
        try first.onLoop {
            self.first.redis.publisher.publish("socket.io#/#lobby#", payload: message)
            self.first.redis.publisher.publish("socket.io#/#", payload: [0xc1])
            self.first.io.emit("marker")
        }
        #expect(try await there.receive() == #"42["tick",7]"#)
        #expect(try await here.receive() == #"42["marker"]"#)
        #expect(try await there.receive() == #"42["marker"]"#)
        #expect(try second.onLoop { self.second.redis.statistics.malformedMessages } == 1)
    }

    @Test("fetchClusterSockets, socketsJoin, socketsLeave and disconnectSockets reach the other server")
    func roomOperationsAcrossServers() async throws {
        let here = try await first.client(), there = try await second.client()
        try await here.enter("lobby")
        try await there.enter("lobby")
        let thereID = there.id
        try second.onLoop { self.second.io.sockets.sockets[thereID]?.data = ["name": "bob"] }

        let sockets = try await first.io.in("lobby").fetchClusterSockets()
        #expect(Set(sockets.map(\.id)) == [here.id, there.id])
        let remote = try #require(sockets.first { $0.id == there.id })
        #expect(!remote.isLocal && sockets.first { $0.id == here.id }?.isLocal == true)
        #expect(remote.data == ["name": "bob"])
        #expect(remote.rooms == [there.id, "lobby"])
        #expect(remote.handshake.query["transport"] == "polling")

        remote.emit("direct", "hello")
        #expect(try await there.receive() == #"42["direct","hello"]"#)

        // Redis delivers one connection's messages in order: the join request before the broadcast to "vip".
        try first.onLoop {
            self.first.io.in("lobby").socketsJoin("vip")
            self.first.io.to("vip").emit("vip news")
        }
        #expect(try await there.receive() == #"42["vip news"]"#)
        #expect(try await here.receive() == #"42["vip news"]"#)
        #expect(try second.onLoop { self.second.io.sockets.adapter.rooms(of: thereID) } == [thereID, "lobby", "vip"])

        try first.onLoop {
            self.first.io.in("lobby").socketsLeave("vip")
            self.first.io.to("vip").emit("gone")
            self.first.io.emit("marker")
        }
        #expect(try await there.receive() == #"42["marker"]"#)

        try first.onLoop { self.first.io.in(thereID).disconnectSockets() }
        #expect(try await there.receive() == "41")
    }

    @Test("serverSideEmit reaches the other server's handlers, and its acknowledgement comes back")
    func serverSideEmitAcrossServers() async throws {
        let heard = Flag()
        try second.onLoop {
            self.second.io.onServerSideEmit("ping") { args, ack in ack?(.string("pong " + (args.first?.stringValue ?? ""))) }
            self.second.io.onServerSideEmit("hello") { args, _ in if args == [1] { heard.set() } }
        }
        #expect(await first.io.serverCount() == 2)
        #expect(try await first.io.serverSideEmitWithAck("ping", "x") == ["pong x"])
        first.io.serverSideEmit("hello", 1)
        #expect(try await offPool { heard.wait(timeout: .seconds(5)) })

        // Nobody answers "silence": the request ends at requestsTimeout (1 s here) with what arrived.
        await #expect(throws: ClusterTimeoutError(request: .serverSideEmit, received: 0, expected: 1)) {
            try await self.first.io.serverSideEmitWithAck("silence")
        }
    }

    @Test("a broadcast with an acknowledgement collects the answers of every server's clients")
    func broadcastAcknowledgementsAcrossServers() async throws {
        let here = try await first.client(), there = try await second.client()
        async let answers = first.io.timeout(.seconds(30)).emitWithAck("vote")
        for (client, answer) in [(here, "yes"), (there, "no")] {
            let packet = try await client.receive()
            #expect(packet.hasPrefix("42") && packet.hasSuffix(#"["vote"]"#))
            let id = packet.dropFirst(2).prefix { $0.isNumber }
            try await client.send(#"43\#(id)["\#(answer)"]"#)
        }
        #expect(Set(try await answers) == [["yes"], ["no"]])
    }

    @Test("while Redis is down each server keeps serving its clients; once back, broadcasts cross again")
    func survivesARedisRestart() async throws {
        let here = try await first.client(), there = try await second.client()
        try await here.enter("lobby")
        try await there.enter("lobby")

        try await offPool { self.redis.kill() }
        #expect(try await first.link(up: false))
        #expect(try await second.link(up: false))
        try first.onLoop { self.first.io.to("lobby").emit("during the outage") }
        #expect(try await here.receive() == #"42["during the outage"]"#)
        #expect(try first.onLoop { self.first.redis.statistics.publishesDropped } >= 1)

        try await offPool { try self.redis.restart() }
        #expect(try await first.link())
        #expect(try await second.link())
        try first.onLoop { self.first.io.to("lobby").emit("after the outage") }
        #expect(try await here.receive() == #"42["after the outage"]"#)
        #expect(try await there.receive() == #"42["after the outage"]"#)

        let statistics = try first.onLoop { self.first.redis.statistics }
        #expect(statistics.connected && statistics.connectionLosses == 1 && statistics.reconnections == 1)
        #expect(first.logLines.contains { $0.contains("cluster link down") })
        #expect(first.logLines.contains { $0.contains("cluster link restored") })
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
