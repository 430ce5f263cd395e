// SPDX-License-Identifier: MIT

import Foundation
import SIOHTTP
import SIOServer
import Testing

@Suite("Socket.IO connections over live long-polling")
struct ConnectionTests {
    @Test("connecting to / answers 40 with a socket id that is not the engine session id")
    func connectsToMainNamespace() throws {
        let server = try SocketIOTestServer()
        defer { server.stop() }
        let client = try server.client()
        let id = try client.connect()
        #expect(id.count == 20)
        #expect(id != client.sid)
        let known = try server.onLoop { server.io.sockets.sockets[id] != nil }
        #expect(known)
    }

    @Test("a connection handler sees the handshake: auth payload, query, lowercase headers and address")
    func exposesHandshake() throws {
        let recorder = Recorder()
        let server = try SocketIOTestServer { io in
            io.onConnection { socket in
                let handshake = socket.handshake
                recorder.record(handshake.auth["token"]?.stringValue ?? "-")
                recorder.record(handshake.query["room"] ?? "-")
                recorder.record(handshake.headers["x-custom"] ?? "-")
                recorder.record(handshake.address)
                recorder.record(handshake.xdomain ? "xdomain" : "same origin")
                recorder.record(handshake.issued > 1_600_000_000_000 ? "issued" : "no time")
            }
        }
        defer { server.stop() }
        let client = try server.client(query: "&room=lobby", headers: ["X-Custom: yes", "Origin: http://elsewhere"])
        try client.connect(auth: #"{"token":"123"}"#)
        #expect(recorder.all == ["123", "lobby", "yes", "127.0.0.1", "xdomain", "issued"])
    }

    @Test("the same connection joins a custom namespace and gets a different socket id there")
    func joinsCustomNamespace() throws {
        let server = try SocketIOTestServer { io in io.of("admin") }
        defer { server.stop() }
        let client = try server.client()
        let main = try client.connect()
        let admin = try client.connect("/admin")
        #expect(main != admin)
        let names = try server.onLoop { server.io.namespaces.keys.sorted() }
        #expect(names == ["/", "/admin"])
    }

    @Test("an unknown namespace is refused with the official CONNECT_ERROR")
    func refusesUnknownNamespace() throws {
        let server = try SocketIOTestServer()
        defer { server.stop() }
        let client = try server.client()
        try client.post("40/random,")
        #expect(try client.next() == #"44/random,{"message":"Invalid namespace"}"#)
        // A slash joined to a combining mark (U+07AC) is still a namespace on the wire, and is refused, not a crash.
        try client.post("40/\u{07AC}x,")
        #expect(try client.next() == #"44/\#u{07AC}x,{"message":"Invalid namespace"}"#)
    }

    @Test("dynamic namespaces are created on demand from a pattern or a predicate that sees the auth payload")
    func createsDynamicNamespaces() throws {
        let recorder = Recorder()
        let server = try SocketIOTestServer { io in
            io.of(/^\/room-\d+$/).onConnection { socket in recorder.record("pattern " + socket.namespace.name) }
            io.of { name, auth in name.hasPrefix("/team-") && auth["key"] == "k" }
                .onConnection { socket in recorder.record("predicate " + socket.namespace.name) }
        }
        defer { server.stop() }
        let client = try server.client()
        try client.connect("/room-42")
        try client.connect("/team-a", auth: #"{"key":"k"}"#)
        try client.post("40/team-b,")
        #expect(try client.next() == #"44/team-b,{"message":"Invalid namespace"}"#)
        try client.post("40/room-x,")
        #expect(try client.next() == #"44/room-x,{"message":"Invalid namespace"}"#)
        #expect(recorder.all == ["pattern /room-42", "predicate /team-a"])
        let children = try server.onLoop { server.io.namespaces["/room-42"] != nil && server.io.namespaces["/team-a"] != nil }
        #expect(children)
    }

    @Test("a middleware refusal sends CONNECT_ERROR with message and data, and no connection handler runs")
    func middlewareRefuses() throws {
        let recorder = Recorder()
        let server = try SocketIOTestServer { io in
            io.use { socket, next in
                recorder.record("first")
                next(nil)
            }
            io.use { socket, next in
                recorder.record("second")
                let token = socket.handshake.auth["token"]?.stringValue
                next(token == "good" ? nil : ConnectError("not authorized", data: ["code": 401]))
            }
            io.onConnection { _ in recorder.record("connected") }
        }
        defer { server.stop() }
        let refused = try server.client()
        try refused.post(#"40{"token":"bad"}"#)
        #expect(try refused.next() == #"44{"message":"not authorized","data":{"code":401}}"#)
        let accepted = try server.client()
        try accepted.connect(auth: #"{"token":"good"}"#)
        #expect(recorder.all == ["first", "second", "first", "second", "connected"])
        let count = try server.onLoop { server.io.sockets.sockets.count }
        #expect(count == 1)
    }

    @Test("a middleware may call next later, from another thread")
    func middlewareContinuesLater() throws {
        let server = try SocketIOTestServer { io in
            io.use { _, next in
                Thread.detachNewThread { next(nil) }
            }
        }
        defer { server.stop() }
        let client = try server.client()
        let id = try client.connect()
        #expect(!id.isEmpty)
    }

    @Test("an engine connection that joins no namespace within connectTimeout is closed")
    func closesIdleConnection() throws {
        let clock = ManualClock()
        let server = try SocketIOTestServer(clock: clock, configure: { $0.connectTimeout = .seconds(1) })
        defer { server.stop() }
        let client = try server.client()
        try server.advance(by: .milliseconds(999))
        let open = try server.onLoop { server.io.engine.sessions.count }
        #expect(open == 1)
        try server.advance(by: .milliseconds(1))
        #expect(try client.next() == "1")
        let remaining = try server.onLoop { server.io.engine.sessions.count }
        #expect(remaining == 0)
    }

    @Test("joining a namespace in time cancels the connect timeout")
    func connectCancelsTimeout() throws {
        let clock = ManualClock()
        let server = try SocketIOTestServer(clock: clock, configure: { $0.connectTimeout = .seconds(1) })
        defer { server.stop() }
        let client = try server.client()
        try client.connect()
        try server.advance(by: .seconds(2))
        let open = try server.onLoop { server.io.engine.sessions.count }
        #expect(open == 1)
    }

    @Test(
        "a packet the decoder rejects closes the connection; the socket leaves with forced close",
        arguments: ["4abc", "42{}", #"42abc["message",1]"#, #"42["connect"]"#, #"451-["x",1]"# + "\u{1e}" + #"42["y"]"#])
    func closesOnUndecodablePacket(payload: String) throws {
        try expectClose(after: payload, reason: "forced close")
    }

    @Test(
        "a packet the connection's state does not allow closes it; the socket leaves with forced server close",
        arguments: ["40", "41/admin,", #"42/admin,["x"]"#, #"44{"message":"x"}"#])
    func closesOnPacketOutOfState(payload: String) throws {
        try expectClose(after: payload, reason: "forced server close")
    }

    private func expectClose(after payload: String, reason: String) throws {
        let recorder = Recorder()
        let server = try SocketIOTestServer { io in
            io.onConnection { socket in socket.onDisconnect { recorder.record($0.rawValue) } }
        }
        defer { server.stop() }
        let client = try server.client()
        try client.connect()
        try client.post(payload)
        #expect(try client.next() == "1")
        #expect(recorder.all == [reason])
    }
}
