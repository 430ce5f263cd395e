// SPDX-License-Identifier: MIT

import SIOCluster
import SIOLoops
import SIOServer
import SIOTestSupport
import Testing

/// Two event loops of one process, each with its own HTTP server and `Server`, sharing rooms through a
/// `LoopAdapterGroup`; their clients are raw long-polling clients, so every assertion is on the exact packets
/// each one receives.
@Suite("Rooms and broadcasts shared between the event loops of one process")
struct LoopGroupAdapterTests {
    @Test("a broadcast to a room from one loop reaches the room's members on both loops, attachments included")
    func broadcastsAcrossLoops() async throws {
        let servers = try LoopGroupServers()
        defer { servers.stop() }
        let (here, there, outsider) = try await membersOnBothLoops(servers, of: "lobby")

        try emitThenMarker(servers) { $0.to("lobby").emit("news", "hi", .binary([1, 2, 3])) }
        for client in [here, there] {
            let news = #"451-["news","hi",{"_placeholder":true,"num":0}]"#
            #expect(try await client.receive(3) == [news, "bAQID", #"42["marker"]"#])
        }
        #expect(try await outsider.receive() == #"42["marker"]"#)
    }

    @Test("except leaves out the members of a room on every loop")
    func exceptAcrossLoops() async throws {
        let servers = try LoopGroupServers()
        defer { servers.stop() }
        let (here, there, outsider) = try await membersOnBothLoops(servers, of: "muted")

        try emitThenMarker(servers) { $0.except("muted").emit("everyone else") }
        #expect(try await outsider.receive(2) == [#"42["everyone else"]"#, #"42["marker"]"#])
        #expect(try await there.receive() == #"42["marker"]"#)
        #expect(try await here.receive() == #"42["marker"]"#)
    }

    @Test("a local broadcast reaches the clients of its own loop only")
    func localStaysOnItsLoop() async throws {
        let servers = try LoopGroupServers()
        defer { servers.stop() }
        let here = try await servers.client(on: 0), there = try await servers.client(on: 1)

        try emitThenMarker(servers) { $0.local.emit("here only") }
        #expect(try await here.receive(2) == [#"42["here only"]"#, #"42["marker"]"#])
        #expect(try await there.receive() == #"42["marker"]"#)
    }

    @Test("socketsJoin and socketsLeave from one loop move a socket of the other loop in and out of a room")
    func roomMembershipAcrossLoops() async throws {
        let servers = try LoopGroupServers()
        defer { servers.stop() }
        let there = try await servers.client(on: 1)
        let thereID = there.id

        try servers.onLoop(0) {
            servers.io[0].in(thereID).socketsJoin("vip")
            servers.io[0].to("vip").emit("vip news")
        }
        #expect(try await there.receive() == #"42["vip news"]"#)
        #expect(try servers.onLoop(1) { servers.io[1].sockets.adapter.rooms(of: thereID) } == [thereID, "vip"])

        try emitThenMarker(servers) { io in
            io.in("vip").socketsLeave("vip")
            io.to("vip").emit("gone")
        }
        #expect(try await there.receive() == #"42["marker"]"#)
        #expect(try servers.onLoop(1) { servers.io[1].sockets.adapter.rooms(of: thereID) } == [thereID])
    }

    @Test("fetchClusterSockets returns the sockets of both loops, and a remote socket can be emitted to")
    func fetchesSocketsOfBothLoops() async throws {
        let servers = try LoopGroupServers()
        defer { servers.stop() }
        let here = try await servers.client(on: 0), there = try await servers.client(on: 1)
        let thereID = there.id
        try servers.onLoop(1) { servers.io[1].sockets.sockets[thereID]?.data = ["name": "bob"] }

        let sockets = try await servers.io[0].fetchClusterSockets()
        #expect(Set(sockets.map(\.id)) == [here.id, there.id])
        let remote = try #require(sockets.first { $0.id == there.id })
        #expect(!remote.isLocal && sockets.first { $0.id == here.id }?.isLocal == true)
        #expect(remote.data == ["name": "bob"])
        #expect(try servers.onLoop(0) { servers.io[0].fetchSockets().map(\.id) } == [here.id])

        remote.emit("direct", "hello")
        #expect(try await there.receive() == #"42["direct","hello"]"#)
    }

    @Test("disconnectSockets from one loop disconnects the selected socket of the other loop")
    func disconnectsAcrossLoops() async throws {
        let servers = try LoopGroupServers()
        defer { servers.stop() }
        let left = try await servers.client(on: 1), closed = try await servers.client(on: 1)

        try servers.onLoop(0) { servers.io[0].in(left.id).disconnectSockets() }
        #expect(try await left.receive() == "41")
        try servers.onLoop(0) { servers.io[0].in(closed.id).disconnectSockets(close: true) }
        #expect(try await closed.receive(2) == ["41", "1"])
        #expect(try servers.onLoop(1) { servers.io[1].sockets.sockets.isEmpty })
    }

    @Test("serverSideEmit reaches the other loop's handlers, and its acknowledgement comes back")
    func serverSideEmitAcrossLoops() async throws {
        let servers = try LoopGroupServers()
        defer { servers.stop() }
        let heard = Flag()
        try servers.onLoop(1) {
            servers.io[1].onServerSideEmit("ping") { args, ack in ack?(.string("pong " + (args.first?.stringValue ?? ""))) }
            servers.io[1].onServerSideEmit("hello") { args, _ in if args == [1] { heard.set() } }
        }
        #expect(await servers.io[0].serverCount() == 2)
        #expect(try await servers.io[0].serverSideEmitWithAck("ping", "x") == ["pong x"])
        servers.io[0].serverSideEmit("hello", 1)
        #expect(try await offPool { heard.wait(timeout: .seconds(5)) })
    }

    @Test("serverSideEmit with an acknowledgement gives up when the other loop has no handler that answers")
    func serverSideEmitTimesOut() async throws {
        let servers = try LoopGroupServers(requestsTimeout: .milliseconds(100))
        defer { servers.stop() }
        await #expect(throws: ClusterTimeoutError(request: .serverSideEmit, received: 0, expected: 1)) {
            try await servers.io[0].serverSideEmitWithAck("silence")
        }
    }

    @Test("a broadcast with an acknowledgement collects the answers of the clients of both loops")
    func broadcastAcknowledgementsAcrossLoops() async throws {
        let servers = try LoopGroupServers()
        defer { servers.stop() }
        let here = try await servers.client(on: 0), there = try await servers.client(on: 1)
        let other = try await servers.client(on: 1)

        async let answers = servers.io[0].timeout(.seconds(30)).emitWithAck("vote")
        for (client, answer) in [(here, "yes"), (there, "no"), (other, "maybe")] {
            let packet = try await client.receive()
            #expect(packet.hasPrefix("42") && packet.hasSuffix(#"["vote"]"#))
            let id = packet.dropFirst(2).prefix { $0.isNumber }
            try await client.send(#"43\#(id)["\#(answer)"]"#)
        }
        #expect(Set(try await answers) == [["yes"], ["no"], ["maybe"]])
    }

    @Test("requests about a namespace that exists on one loop only complete with that loop's sockets at once")
    func namespaceOnOneLoop() async throws {
        let servers = try LoopGroupServers()
        defer { servers.stop() }
        let solo = try servers.onLoop(0) { servers.io[0].of("/solo") }

        #expect(try await solo.fetchClusterSockets().isEmpty)
        #expect(try await solo.serverSideEmitWithAck("anyone").isEmpty)
        #expect(try await solo.emitWithAck("vote").isEmpty)
        #expect(try servers.onLoop(1) { servers.io[1].namespaces["/solo"] } == nil)
    }

    /// Clients of `room` on loop 0 (`here`) and loop 1 (`there`), and a client of loop 1 outside it.
    private func membersOnBothLoops(
        _ servers: LoopGroupServers, of room: Room
    ) async throws -> (here: LoopClient, there: LoopClient, outsider: LoopClient) {
        let here = try await servers.client(on: 0), there = try await servers.client(on: 1)
        for (index, id) in [(0, here.id), (1, there.id)] {
            try servers.onLoop(index) { servers.io[index].sockets.sockets[id]!.join(room) }
        }
        return (here, there, try await servers.client(on: 1))
    }

    /// Runs `body` with loop 0's server, on loop 0, then emits `marker` to everyone: a client that gets the marker
    /// first did not get what `body` sent, since each loop delivers another loop's broadcasts in order.
    private func emitThenMarker(_ servers: LoopGroupServers, _ body: @escaping (Server) -> Void) throws {
        try servers.onLoop(0) {
            body(servers.io[0])
            servers.io[0].emit("marker")
        }
    }
}
