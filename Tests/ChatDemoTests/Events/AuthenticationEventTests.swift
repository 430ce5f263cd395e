// SPDX-License-Identifier: MIT

@testable import ChatDemo
import SIOServer
import Testing

@Suite("Socket.IO: authentication", .serialized)
struct AuthenticationEventTests {
    @Test("a socket with its token in the CONNECT packet is in at once")
    func tokenAtConnect() throws {
        let server = try ChatTestServer()
        defer { server.stop() }
        let alice = try server.register("alice")
        let socket = try SocketIOTestClient(port: server.port, token: alice.token)
        defer { socket.close() }
        #expect(socket.connected && socket.connectAnswer["sid"]?.stringValue != nil)
        #expect(try socket.call("ping")["timestamp"]?.intValue != nil)
        #expect(try socket.next("pong")["timestamp"]?.intValue != nil)
    }

    @Test("a socket without a token gets in with the authentication event (answered by authenticated)")
    func authenticationEvent() throws {
        let server = try ChatTestServer()
        defer { server.stop() }
        let alice = try server.register("alice")
        let roomID = try server.createRoom("r", as: alice)
        let socket = try SocketIOTestClient(port: server.port, token: nil)
        defer { socket.close() }
        #expect(socket.connected)
        #expect(try socket.call("authentication", ["token": .string(alice.token)]) == ["status": 200, "message": "Authentication success"])
        #expect(try socket.next("authenticated") == ["status": 200, "message": "Authentication success"])
        #expect(try socket.call("subscribe", ["rooms": [.number(Double(roomID))]])["rooms"] == [.number(Double(roomID))])
    }

    @Test("a forged token is refused at CONNECT with a 401 CONNECT_ERROR")
    func forgedTokenAtConnect() throws {
        let server = try ChatTestServer()
        defer { server.stop() }
        let socket = try SocketIOTestClient(port: server.port, token: "eyJhbGciOiJIUzI1NiJ9.e30.AAAA")
        #expect(!socket.connected)
        #expect(socket.connectAnswer["data"]?["status"] == 401)
    }

    @Test("a wrong token in the authentication event is answered unauthorized, then the socket is disconnected")
    func wrongTokenEvent() throws {
        let server = try ChatTestServer()
        defer { server.stop() }
        let socket = try SocketIOTestClient(port: server.port, token: nil)
        try socket.emit("authentication", ["token": "nope"])
        #expect(try socket.next("unauthorized")["status"] == 401)
        try socket.waitUntilDisconnected()
    }

    @Test("events sent before authenticating are not handled")
    func eventsBeforeAuthentication() throws {
        let server = try ChatTestServer()
        defer { server.stop() }
        let alice = try server.register("alice")
        let roomID = try server.createRoom("r", as: alice)
        let socket = try SocketIOTestClient(port: server.port, token: nil)
        defer { socket.close() }
        try socket.emit("send-message", ["roomId": .number(Double(roomID)), "text": "sneaky"])
        _ = try socket.call("authentication", ["token": .string(alice.token)])
        #expect(try server.onLoop { try server.app.store.messageCount(roomID: roomID) } == 0)
    }

    @Test("a socket that stays silent past the authentication deadline is disconnected")
    func deadline() throws {
        let server = try ChatTestServer { $0.authentication.timeout = .milliseconds(200) }
        defer { server.stop() }
        let socket = try SocketIOTestClient(port: server.port, token: nil)
        #expect(socket.connected)
        try socket.waitUntilDisconnected()
    }

    @Test("the auth convention works too: auth answered by init with userId and username, or invalid_token")
    func authConvention() throws {
        let server = try ChatTestServer()
        defer { server.stop() }
        let alice = try server.register("alice")
        let socket = try SocketIOTestClient(port: server.port, token: nil)
        defer { socket.close() }
        try socket.emit("auth", ["token": .string(alice.token)])
        #expect(try socket.next("init") == [
            "sub": .string(String(alice.id)), "gid": .string(alice.gid), "userId": .number(Double(alice.id)), "username": "alice",
        ])
        let refused = try SocketIOTestClient(port: server.port, token: nil)
        try refused.emit("auth", .string("garbage"))
        #expect(try refused.next("invalid_token")["status"] == 401)
        try refused.waitUntilDisconnected()
    }

    @Test("auth with the token as a bare string, as audiobookshelf's client sends it, gives an admin usersOnline with connections")
    func authBareStringAdmin() throws {
        let server = try ChatTestServer()
        defer { server.stop() }
        let admin = try server.loginAdmin(), alice = try server.register("alice")
        let aliceSockets = try (0..<2).map { _ in try SocketIOTestClient(port: server.port, token: alice.token) }
        let socket = try SocketIOTestClient(port: server.port, token: nil)
        defer { socket.close(); aliceSockets.forEach { $0.close() } }
        try socket.emit("auth", .string(admin.token))
        let payload = try socket.next("init")
        #expect(payload["userId"] == .number(Double(admin.id)) && payload["username"] == "admin")
        let online = payload["usersOnline"]?.arrayValue ?? []
        #expect(online.map { $0["username"] } == ["admin", "alice"])
        #expect(online.map { $0["connections"] } == [1, 2])
        #expect(online.last?["type"] == "user" && online.first?["type"] == "admin")
    }
}
