// SPDX-License-Identifier: MIT

import Foundation
import SIOHTTP
import SIOServer
import SIOTestSupport
import Testing

@Suite("Socket.IO rooms and broadcasts over live long-polling")
struct RoomTests {
    /// A server and `count` clients connected to `/`, with their socket ids.
    private func connected(_ count: Int, clock: ManualClock? = nil) throws -> (SocketIOTestServer, [PollingClient], [String]) {
        let server = try SocketIOTestServer(clock: clock)
        let clients = try (0..<count).map { _ in try server.client() }
        let ids = try clients.map { try $0.connect() }
        return (server, clients, ids)
    }

    private func socket(_ server: SocketIOTestServer, _ id: String) throws -> Socket {
        try server.onLoop { server.io.sockets.sockets[id]! }
    }

    @Test("a socket is in the room named by its id, joins and leaves rooms, and leaves all of them on disconnect")
    func joinsAndLeaves() throws {
        let (server, clients, ids) = try connected(1)
        defer { server.stop() }
        let socket = try socket(server, ids[0])
        #expect(try server.onLoop { socket.rooms } == [ids[0]])
        try server.onLoop { socket.join("a", "b") }
        try server.onLoop { socket.leave("a") }
        #expect(try server.onLoop { socket.rooms } == [ids[0], "b"])
        #expect(try server.onLoop { server.io.sockets.adapter.rooms } == [ids[0]: [ids[0]], "b": [ids[0]]])
        try clients[0].post("41")
        #expect(try server.onLoop { server.io.sockets.adapter.rooms.isEmpty })
        #expect(try server.onLoop { server.io.sockets.sockets.isEmpty })
    }

    @Test("to, in and except combine: sockets in any target room, minus those in an excluded room, each once")
    func combinesOperators() throws {
        let (server, clients, ids) = try connected(4)
        defer { server.stop() }
        try server.onLoop {
            let sockets = ids.map { server.io.sockets.sockets[$0]! }
            sockets[0].join("red")
            sockets[1].join("red", "blue")
            sockets[2].join("blue", "muted")
            server.io.to("red").in("blue").except("muted").emit("news", 1)
            server.io.to("blue").emit("news", 2)
            server.io.except(ids[3]).emit("news", 3)
            server.io.emit("news", 4)
        }
        #expect(try clients[0].next(3) == [#"42["news",1]"#, #"42["news",3]"#, #"42["news",4]"#])
        #expect(try clients[1].next(4) == [#"42["news",1]"#, #"42["news",2]"#, #"42["news",3]"#, #"42["news",4]"#])
        #expect(try clients[2].next(3) == [#"42["news",2]"#, #"42["news",3]"#, #"42["news",4]"#])
        #expect(try clients[3].next() == #"42["news",4]"#)
    }

    @Test("socket.to(room) and socket.broadcast leave the sender out")
    func excludesSender() throws {
        let (server, clients, ids) = try connected(3)
        defer { server.stop() }
        try server.onLoop {
            let sockets = ids.map { server.io.sockets.sockets[$0]! }
            for socket in sockets.prefix(2) { socket.join("room") }
            sockets[0].to("room").emit("room message", "room", "hi")
            sockets[0].broadcast.emit("everyone else")
            sockets[2].emit("direct")
        }
        #expect(try clients[1].next(2) == [#"42["room message","room","hi"]"#, #"42["everyone else"]"#])
        #expect(try clients[2].next(2) == [#"42["everyone else"]"#, #"42["direct"]"#])
        _ = try server.onLoop { server.io.emit("end") }
        #expect(try clients[0].next() == #"42["end"]"#)
    }

    @Test("a volatile packet is dropped while the transport cannot take it, and sent when a poll is pending")
    func volatileDropsWhenBusy() throws {
        let (server, clients, ids) = try connected(1)
        defer { server.stop() }
        let socket = try socket(server, ids[0])
        try server.onLoop {
            socket.volatile.emit("tick", 1)
            server.io.volatile.emit("tick", 2)
        }
        try clients[0].startPoll()
        var waited = 0
        while try !server.onLoop({ socket.conn.isWritable }), waited < 2_500 {
            Thread.sleep(forTimeInterval: 0.002)
            waited += 1
        }
        try #require(try server.onLoop { socket.conn.isWritable }, "the long-poll GET reached the server")
        _ = try server.onLoop { server.io.volatile.emit("tick", 3) }
        #expect(try clients[0].finishPoll() == [#"42["tick",3]"#])
    }

    @Test("a broadcast with an acknowledgement collects one answer per socket")
    func broadcastAckCompletes() throws {
        let recorder = Recorder()
        let (server, clients, ids) = try connected(2)
        defer { server.stop() }
        try server.onLoop {
            server.io.timeout(.seconds(30)).emit("vote") { result in recorder.record("\(result)") }
            server.io.to("empty room").emit("vote") { result in recorder.record("empty \(result)") }
        }
        #expect(recorder.all == ["empty success([])"])
        #expect(try clients[0].next() == #"420["vote"]"#)
        #expect(try clients[1].next() == #"420["vote"]"#)
        try clients[1].post(#"430["b"]"#)
        try clients[0].post(#"430["a",1]"#)
        #expect(recorder.all == ["empty success([])", #"success([["b"], ["a", 1]])"#])
        #expect(ids.count == 2)
    }

    @Test("a broadcast acknowledgement times out with the answers that arrived, and ignores later ones")
    func broadcastAckTimesOut() throws {
        let clock = ManualClock()
        let recorder = Recorder()
        let (server, clients, _) = try connected(3, clock: clock)
        defer { server.stop() }
        _ = try server.onLoop {
            server.io.timeout(.seconds(1)).emit("vote") { result in recorder.record("\(result)") }
        }
        for client in clients { #expect(try client.next() == #"420["vote"]"#) }
        try clients[2].post(#"430["yes"]"#)
        try server.advance(by: .seconds(1))
        try clients[0].post(#"430["late"]"#)
        #expect(recorder.all == [#"failure(operation has timed out)"#])
        let outcome = try server.onLoop { recorder.all }
        #expect(outcome.count == 1)
    }

    @Test("fetchSockets, socketsJoin, socketsLeave and disconnectSockets act on the selected sockets")
    func roomOperations() throws {
        let recorder = Recorder()
        let (server, clients, ids) = try connected(3)
        defer { server.stop() }
        try server.onLoop {
            for id in ids { server.io.sockets.sockets[id]!.onDisconnect { recorder.record("\(id) \($0)") } }
            server.io.sockets.sockets[ids[0]]!.join("a")
            server.io.except(ids[2]).socketsJoin("b", "c")
            server.io.to("a").socketsLeave("c")
        }
        let found = try server.onLoop { server.io.in("c").fetchSockets().map(\.id) }
        #expect(found == [ids[1]])
        let inB = try server.onLoop { Set(server.io.to("b").fetchSockets().map(\.id)) }
        #expect(inB == [ids[0], ids[1]])
        try server.onLoop { server.io.to("c").disconnectSockets() }
        #expect(try clients[1].next() == "41")
        #expect(recorder.all == ["\(ids[1]) server namespace disconnect"])
        try server.onLoop { server.io.to("a").disconnectSockets(close: true) }
        #expect(try clients[0].next(2) == ["41", "1"])
        #expect(recorder.all.last == "\(ids[0]) server namespace disconnect")
        #expect(try server.onLoop { server.io.fetchSockets().map(\.id) } == [ids[2]])
    }

    @Test(
        "a socket leaves with the official reason for each way a connection ends",
        arguments: [
            ("41", "client namespace disconnect"), ("1", "transport close"),
        ])
    func clientSideReasons(packet: String, reason: String) throws {
        let recorder = Recorder()
        let (server, clients, ids) = try connected(1)
        defer { server.stop() }
        try server.onLoop {
            let socket = server.io.sockets.sockets[ids[0]]!
            socket.join("room")
            socket.onDisconnecting { reason in recorder.record("disconnecting \(reason) \(socket.rooms.count)") }
            socket.on("disconnect") { args in recorder.record("disconnect \(args) \(socket.rooms.count)") }
        }
        try clients[0].post(packet)
        #expect(recorder.all == ["disconnecting \(reason) 2", #"disconnect [""# + reason + #""] 0"#])
    }

    @Test("server-side endings: socket.disconnect sends 41, disconnect(close:) and io.close end the connection")
    func serverSideReasons() throws {
        let recorder = Recorder()
        let (server, clients, ids) = try connected(3)
        defer { server.stop() }
        try server.onLoop {
            for id in ids { server.io.sockets.sockets[id]!.onDisconnect { recorder.record($0.rawValue) } }
            server.io.sockets.sockets[ids[0]]!.disconnect()
            server.io.sockets.sockets[ids[1]]!.disconnect(close: true)
        }
        #expect(try clients[0].next() == "41")
        #expect(try clients[1].next(2) == ["41", "1"])
        try server.onLoop { server.io.close() }
        // The engine drops the session at once (Node's `engine.close()` discards too): the next poll gets 400.
        #expect(throws: (any Error).self) { try clients[2].next() }
        #expect(recorder.all == ["server namespace disconnect", "server namespace disconnect", "server shutting down"])
    }
}
