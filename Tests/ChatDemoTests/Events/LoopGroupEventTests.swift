// SPDX-License-Identifier: MIT

@testable import ChatDemo
import Foundation
import SIOServer
import SIOTestSupport
import Testing

/// ChatDemo with two event loops (`--loops 2`), seen by clients whose sockets sit on different loops: it must
/// behave as one server.
@Suite("Socket.IO across the event loops of one process", .serialized)
struct LoopGroupEventTests {
    @Test("two users on different loops chat, get each other's presence, and admins see both come online")
    func chatAcrossLoops() throws {
        let server = try ChatTestServer(loops: 2)
        defer { server.stop() }
        let admin = try server.loginAdmin(), alice = try server.register("alice"), bob = try server.register("bob")
        let roomID = try server.createRoom("general", as: alice)
        try server.join(roomID, as: bob)
        let adminSocket = try server.socket(admin, onLoop: 1)
        let aliceSocket = try server.socket(alice, onLoop: 0), bobSocket = try server.socket(bob, onLoop: 1)
        defer { for socket in [adminSocket, aliceSocket, bobSocket] { socket.close() } }
        try adminSocket.nextUserOnline(named: "alice")
        try adminSocket.nextUserOnline(named: "bob")

        for socket in [aliceSocket, bobSocket] { _ = try socket.call("subscribe", ["rooms": [.number(Double(roomID))]]) }
        let online = try aliceSocket.next("presence")["online"]?.arrayValue?.compactMap { $0["name"]?.stringValue }
        #expect(Set(online ?? []) == ["alice", "bob"])
        let sent = try aliceSocket.call("send-message", ["roomId": .number(Double(roomID)), "text": "hi bob"])
        #expect(try bobSocket.next("message-create")["message"]?["id"] == sent["id"])
        let reply = try bobSocket.call("send-message", ["roomId": .number(Double(roomID)), "text": "hi alice"])
        #expect(try aliceSocket.next("message-create")["message"]?["id"] == reply["id"])
    }

    @Test("a user with sockets on both loops stays online until the last one leaves, and only then do admins hear it")
    func onlineAcrossLoops() throws {
        let server = try ChatTestServer(loops: 2)
        defer { server.stop() }
        let admin = try server.loginAdmin(), alice = try server.register("alice")
        let adminSocket = try server.socket(admin, onLoop: 0)
        defer { adminSocket.close() }
        let first = try server.socket(alice, onLoop: 0), second = try server.socket(alice, onLoop: 1)
        try adminSocket.nextUserOnline(named: "alice")
        _ = try adminSocket.drain()  // sockets that landed on the wrong loop came and went while placing these

        try server.close(first, onLoop: 0)
        #expect(try !adminSocket.eventNames().contains { $0 == "user_online" || $0 == "user_offline" })
        #expect(try server.isOnline(alice))
        try server.close(second, onLoop: 1)
        let offline = try adminSocket.next("user_offline")
        let created = try #require(offline["created"]?.intValue)
        #expect(offline == [
            "id": .number(Double(alice.id)), "name": "alice", "admin": false, "created": .number(Double(created)),
            "username": "alice", "type": "user",
        ])
        #expect(try !server.isOnline(alice))
    }

    @Test("an admin-rights change made over HTTP reaches the user's sockets on every loop, both ways")
    func adminRightsAcrossLoops() throws {
        let server = try ChatTestServer(loops: 2)
        defer { server.stop() }
        let admin = try server.loginAdmin(), alice = try server.register("alice"), bob = try server.register("bob")
        let roomID = try server.createRoom("general", as: bob)
        try server.join(roomID, as: alice)
        let messages = try (0..<3).map { index in
            let reply = try server.request(
                "POST", "/api/rooms/\(roomID)/messages", body: ["text": .string("bob's \(index)")], token: bob.token)
            return try #require(reply.json["message"]?["id"])
        }
        let sockets = [try server.socket(alice, onLoop: 0), try server.socket(alice, onLoop: 1)]
        defer { for socket in sockets { socket.close() } }
        for socket in sockets { #expect(try socket.call("delete-message", ["id": messages[0]])["status"] == 403) }

        try server.setAdmin(alice, true, by: admin)
        for (socket, message) in zip(sockets, messages) {
            #expect(try socket.next("user-update")["user"]?["admin"] == true)
            #expect(try socket.call("delete-message", ["id": message]) == ["ok": true])
        }
        let carol = try server.register("carol")
        let carolSocket = try SocketIOTestClient(port: server.port, token: carol.token)
        defer { carolSocket.close() }
        for socket in sockets { try socket.nextUserOnline(named: "carol") }

        try server.setAdmin(alice, false, by: admin)
        for socket in sockets {
            #expect(try socket.next("user-update")["user"]?["admin"] == false)
            #expect(try socket.call("delete-message", ["id": messages[2]])["status"] == 403)
        }
    }

    @Test("an admin listening on one loop hears what is logged on the other")
    func logListenerAcrossLoops() throws {
        let server = try ChatTestServer(loops: 2)
        defer { server.stop() }
        let admin = try server.loginAdmin(), alice = try server.register("alice")
        let adminSocket = try server.socket(admin, onLoop: 1), aliceSocket = try server.socket(alice, onLoop: 0)
        defer { adminSocket.close(); aliceSocket.close() }
        #expect(try adminSocket.call("set_log_listener", ["level": 3]) == ["ok": true, "level": 3])
        #expect(try aliceSocket.call("message_all_users", ["message": "x"])["status"] == 403)
        let record = try adminSocket.next("log")
        #expect(record["message"]?.stringValue?.contains("refused sending message_all_users by alice") == true)
    }

    @Test("/metrics describes the whole process whichever loop answers: sockets of both loops, users and statuses once")
    func metricsAcrossLoops() throws {
        let server = try ChatTestServer(loops: 2)
        defer { server.stop() }
        let admin = try server.loginAdmin(), alice = try server.register("alice")
        let sockets = [
            try server.socket(alice, onLoop: 0), try server.socket(alice, onLoop: 1), try server.socket(admin, onLoop: 1),
        ]
        defer { for socket in sockets { socket.close() } }
        var startTimes: Set<Double> = []
        for _ in 0..<4 {
            let metrics = try OperationsEndpointTests.scrape(server)
            #expect(metrics[#"sio_sockets_connected{namespace="/"}"#] == 3)
            #expect(metrics[#"sio_engine_sessions{transport="websocket"}"#] == 3)
            #expect(metrics["chatdemo_authenticated_sockets"] == 3 && metrics["chatdemo_users_online"] == 2)
            #expect(metrics[#"sio_adapter_connected{adapter="memory"}"#] == 1 && metrics["chatdemo_ready"] == 1)
            startTimes.insert(metrics["process_start_time_seconds"] ?? 0)
        }
        #expect(startTimes.count == 1)
    }

    @Test("a graceful shutdown disconnects the sockets of every loop with 'server shutting down' and closes every store")
    func shutdownAcrossLoops() throws {
        let server = try ChatTestServer(loops: 2)
        defer { server.stop() }
        let alice = try server.register("alice")
        let sockets = [try server.socket(alice, onLoop: 0), try server.socket(alice, onLoop: 1)]
        let reasons = try server.apps.indices.map { index in
            let reasons = LoopBox<[String]>([]), sid = sockets[index].connectAnswer["sid"]?.stringValue ?? ""
            try server.onLoop(index) {
                server.apps[index].io.sockets.sockets[sid]?.onDisconnect { reason in reasons.value.append(reason.rawValue) }
            }
            return reasons
        }
        let done = server.shutdown()
        for socket in sockets { try socket.waitUntilDisconnected() }
        #expect(done.wait(timeout: .seconds(10)))
        for index in server.apps.indices {
            #expect(try server.onLoop(index) { reasons[index].value } == ["server shutting down"])
            #expect(try server.onLoop(index) { server.apps[index].store.isOpen } == false)
        }
        let logged = server.app.logger.records(day: server.app.logger.today).map(\.message)
        #expect(logged.filter { $0 == "shutting down" }.count == 2 && logged.filter { $0 == "stopped" }.count == 1)
    }
}

extension ChatTestServer {
    /// A socket of `account` on the loop `index`. New connections are dealt to the loops in turn, so this
    /// connects until one lands there, closing the others (and waiting until they are gone).
    func socket(_ account: Account, onLoop index: Int) throws -> SocketIOTestClient {
        for _ in 0..<apps.count * 3 {
            let socket = try SocketIOTestClient(port: port, token: account.token)
            let landed = try loopIndex(of: socket)
            if landed == index { return socket }
            try close(socket, onLoop: landed ?? index)
        }
        throw RawClient.Failure(description: "no socket of \(account.name) landed on loop \(index)")
    }

    /// The loop whose app has the session of `socket`, if any.
    func loopIndex(of socket: SocketIOTestClient) throws -> Int? {
        let sid = socket.connectAnswer["sid"]?.stringValue ?? ""
        return try apps.indices.first { index in try onLoop(index) { self.apps[index].hub.sessions[sid] != nil } }
    }

    /// Closes `socket` and waits until its loop has seen it go.
    func close(_ socket: SocketIOTestClient, onLoop index: Int) throws {
        let sid = socket.connectAnswer["sid"]?.stringValue ?? ""
        socket.close()
        let deadline = ContinuousClock.now + .seconds(5)
        while try onLoop(index, { self.apps[index].io.sockets.sockets[sid] != nil }) {
            guard ContinuousClock.now < deadline else { throw RawClient.Failure(description: "socket \(sid) is still there") }
            Thread.sleep(forTimeInterval: 0.01)
        }
    }

    /// Whether `GET /api/users` lists `account` as online.
    func isOnline(_ account: Account) throws -> Bool {
        let users = try request("GET", "/api/users", token: account.token).json["users"]?.arrayValue ?? []
        return users.first { $0["id"]?.intValue == account.id }?["online"] == true
    }

    /// Grants or revokes `account`'s admin rights over HTTP, as `admin`.
    func setAdmin(_ account: Account, _ isAdmin: Bool, by admin: Account) throws {
        let reply = try request("PATCH", "/api/users/\(account.id)", body: ["admin": .bool(isAdmin)], token: admin.token)
        guard reply.status == 200 else { throw RawClient.Failure(description: "PATCH admin: \(reply.status) \(reply.json)") }
    }
}

extension SocketIOTestClient {
    /// Waits for the `user_online` of `name` (those of others are skipped).
    func nextUserOnline(named name: String) throws {
        while try next("user_online")["name"]?.stringValue != name {}
    }
}
