// SPDX-License-Identifier: MIT

import SIOHTTP
import SIOServer
import SIOTestSupport
import Testing

@Suite("Connection state recovery over live long-polling (socket.io connectionStateRecovery)")
struct RecoveryTests {
    private func server(
        clock: ManualClock? = nil, window: Duration = .seconds(10), skipMiddlewares: Bool = true,
        setup: @escaping (Server) -> Void = { _ in }
    ) throws -> SocketIOTestServer {
        try SocketIOTestServer(clock: clock, setup: setup) {
            $0.connectionStateRecovery = ConnectionStateRecovery(
                maxDisconnectionDuration: window, skipMiddlewares: skipMiddlewares)
        }
    }


    /// A client in `lobby` with `data["name"]`, that saw `m 1`; returns its handshake and last offset.
    private func connectedClient(_ server: SocketIOTestServer) throws -> (PollingClient, RecoveryHandshake, String) {
        let client = try server.client()
        let handshake = try RecoveryHandshake(client)
        try server.onLoop {
            let socket = server.io.sockets.sockets[handshake.sid]!
            socket.join("lobby")
            socket.data["name"] = "ada"
            server.io.to("lobby").emit("m", "1")
        }
        let first = try client.next()
        return (client, handshake, try #require(try RecoveryHandshake.offset(of: first)))
    }

    @Test("the CONNECT answer carries a pid, and broadcasts and emits carry an offset; acks and volatile do not")
    func announcesPidAndOffsets() throws {
        let server = try server()
        defer { server.stop() }
        let client = try server.client()
        let handshake = try RecoveryHandshake(client)
        #expect(handshake.pid != nil)
        try server.onLoop {
            let socket = server.io.sockets.sockets[handshake.sid]!
            socket.emit("direct", "x")
            socket.emit("asks", "y") { _ in }
        }
        let packets = try client.next(2)
        #expect(try RecoveryHandshake.offset(of: packets[0]) != nil)
        #expect(packets[1] == #"420["asks","y"]"#)
    }

    @Test("after a dropped transport: same id, rooms and data, each missed event once, in order, before new ones")
    func recoversMissedEvents() throws {
        let recovered = Recorder()
        let server = try server { io in
            io.onConnection { socket in recovered.record("\(socket.id) \(socket.recovered)") }
        }
        defer { server.stop() }
        let (client, handshake, offset) = try connectedClient(server)
        try client.post("1")    // the transport closes; the socket is not asked to leave
        try server.onLoop {
            server.io.to("lobby").emit("m", "2")
            server.io.to("kitchen").emit("m", "not mine")
            server.io.volatile.emit("m", "volatile")
            server.io.emit("m", "3")
            server.io.to(handshake.sid).emit("m", "4")
        }
        let back = try server.client()
        let again = try RecoveryHandshake(back, pid: handshake.pid, offset: offset)
        #expect(again.sid == handshake.sid)
        #expect(again.pid == handshake.pid)
        #expect(try RecoveryHandshake.texts(back.next(3)) == ["m 2", "m 3", "m 4"])
        let state = try server.onLoop {
            let socket = server.io.sockets.sockets[again.sid]!
            server.io.to("lobby").emit("m", "5")
            return (socket.recovered, socket.rooms, socket.data["name"])
        }
        #expect(try RecoveryHandshake.texts([back.next()]) == ["m 5"])
        #expect(state.0)
        #expect(state.1 == [handshake.sid, "lobby"])
        #expect(state.2 == "ada")
        #expect(recovered.all == ["\(handshake.sid) false", "\(handshake.sid) true"])
    }

    @Test("past the window, with an unknown pid or without an offset, the client gets a new socket")
    func refusesOutsideTheWindow() throws {
        let clock = ManualClock()
        let server = try server(clock: clock)
        defer { server.stop() }
        let (client, handshake, offset) = try connectedClient(server)
        try client.post("1")
        let stranger = try RecoveryHandshake(try server.client(), pid: "unknown", offset: offset)
        #expect(stranger.sid != handshake.sid)
        let noOffset = try RecoveryHandshake(try server.client(), pid: handshake.pid)
        #expect(noOffset.sid != handshake.sid)
        try server.advance(by: .seconds(11))
        let late = try RecoveryHandshake(try server.client(), pid: handshake.pid, offset: offset)
        #expect(late.sid != handshake.sid)
        #expect(try server.onLoop { server.io.sockets.sockets[late.sid]!.recovered } == false)
    }

    @Test("a pid comes back once: a second CONNECT with it gets a new socket")
    func recoversOnce() throws {
        let server = try server()
        defer { server.stop() }
        let (client, handshake, offset) = try connectedClient(server)
        try client.post("1")
        let first = try RecoveryHandshake(try server.client(), pid: handshake.pid, offset: offset)
        let second = try RecoveryHandshake(try server.client(), pid: handshake.pid, offset: offset)
        #expect(first.sid == handshake.sid)
        #expect(second.sid != handshake.sid)
    }

    @Test("a socket that leaves on purpose is not kept")
    func namespaceDisconnectIsNotRecoverable() throws {
        let server = try server()
        defer { server.stop() }
        let (client, handshake, offset) = try connectedClient(server)
        try client.post("41")
        let back = try RecoveryHandshake(try server.client(), pid: handshake.pid, offset: offset)
        #expect(back.sid != handshake.sid)
    }

    @Test("middleware runs for a recovered socket when skipMiddlewares is off, and sees it recovered")
    func runsMiddlewareWhenAsked() throws {
        let seen = Recorder()
        let server = try server(skipMiddlewares: false) { io in
            io.use { socket, next in
                seen.record("\(socket.recovered)")
                next(nil)
            }
        }
        defer { server.stop() }
        let (client, handshake, offset) = try connectedClient(server)
        try client.post("1")
        _ = try server.onLoop { server.io.to("lobby").emit("m", "2") }
        let back = try server.client()
        #expect(try RecoveryHandshake(back, pid: handshake.pid, offset: offset).sid == handshake.sid)
        #expect(try RecoveryHandshake.texts([back.next()]) == ["m 2"])
        #expect(seen.all == ["false", "true"])
    }

    @Test("with recovery off, the CONNECT answer has no pid and events no offset")
    func offByDefault() throws {
        let server = try SocketIOTestServer()
        defer { server.stop() }
        let client = try server.client()
        let handshake = try RecoveryHandshake(client)
        #expect(handshake.pid == nil)
        _ = try server.onLoop { server.io.emit("m", "1") }
        #expect(try client.next() == #"42["m","1"]"#)
    }
}
