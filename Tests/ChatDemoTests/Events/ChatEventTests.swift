// SPDX-License-Identifier: MIT

@testable import ChatDemo
import SIOJSON
import SIOServer
import Testing

@Suite("Socket.IO: chat events", .serialized)
struct ChatEventTests {
    static func id(_ value: Int) -> JSON { .number(Double(value)) }

    @Test("send-message is acknowledged with the stored id; other subscribers get message-create, the sender's device not")
    func sendMessage() throws {
        let server = try ChatTestServer()
        defer { server.stop() }
        let alice = try server.register("alice"), bob = try server.register("bob")
        let roomID = try server.createRoom("r", as: alice)
        try server.join(roomID, as: bob)
        let aliceSocket = try SocketIOTestClient(port: server.port, token: alice.token)
        let bobSocket = try SocketIOTestClient(port: server.port, token: bob.token)
        defer { aliceSocket.close(); bobSocket.close() }
        _ = try aliceSocket.call("subscribe", ["rooms": [Self.id(roomID)]])
        _ = try bobSocket.call("subscribe", ["rooms": [Self.id(roomID)]])
        _ = try aliceSocket.drain()
        let ack = try aliceSocket.call("send-message", ["roomId": Self.id(roomID), "text": "hello", "clientId": "c1"])
        let storedID = try #require(ack["id"]?.intValue)
        #expect(try server.onLoop { try server.app.store.message(id: storedID)?.text } == "hello")
        #expect(try bobSocket.next("message-create")["message"]?["id"]?.intValue == storedID)
        #expect(try !aliceSocket.eventNames().contains("message-create"))
    }

    @Test("each subscribe replaces the previous set; rooms one is not in are refused")
    func subscriptionReplacement() throws {
        let server = try ChatTestServer()
        defer { server.stop() }
        let alice = try server.register("alice"), bob = try server.register("bob")
        let first = try server.createRoom("first", as: alice), second = try server.createRoom("second", as: alice)
        let private_ = try server.createRoom("private", as: alice)
        try server.join(first, as: bob)
        try server.join(second, as: bob)
        let socket = try SocketIOTestClient(port: server.port, token: bob.token)
        defer { socket.close() }
        let answer = try socket.call("subscribe", ["rooms": [Self.id(first), Self.id(private_)]])
        #expect(answer == ["rooms": [Self.id(first)], "refused": [Self.id(private_)]])
        _ = try server.request("POST", "/api/rooms/\(first)/messages", body: ["text": "one"], token: alice.token)
        #expect(try socket.next("message-create")["message"]?["text"] == "one")
        _ = try socket.call("subscribe", ["rooms": [Self.id(second)]])
        _ = try server.request("POST", "/api/rooms/\(first)/messages", body: ["text": "two"], token: alice.token)
        _ = try server.request("POST", "/api/rooms/\(second)/messages", body: ["text": "three"], token: alice.token)
        let created = try socket.drain().filter { $0.event == "message-create" }.map { $0.argument["message"]?["text"] }
        #expect(created == ["three"])
    }

    @Test("a message posted over HTTP reaches every subscriber except the sockets with the request's gid")
    func gidRule() throws {
        let server = try ChatTestServer()
        defer { server.stop() }
        let laptop = try server.register("alice"), phone = try server.login("alice"), bob = try server.register("bob")
        let roomID = try server.createRoom("r", as: laptop)
        try server.join(roomID, as: bob)
        let sockets = try [laptop, phone, bob].map { try SocketIOTestClient(port: server.port, token: $0.token) }
        defer { sockets.forEach { $0.close() } }
        for socket in sockets { _ = try socket.call("subscribe", ["rooms": [Self.id(roomID)]]) }
        let posted = try server.request("POST", "/api/rooms/\(roomID)/messages", body: ["text": "from the laptop"], token: laptop.token)
        #expect(posted.status == 201)
        #expect(try !sockets[0].eventNames().contains("message-create"))
        #expect(try sockets[1].next("message-create")["message"]?["text"] == "from the laptop")
        #expect(try sockets[2].next("message-create")["message"]?["text"] == "from the laptop")
    }

    @Test("typing is relayed to the other subscribers only, and needs a subscription")
    func typing() throws {
        let server = try ChatTestServer()
        defer { server.stop() }
        let alice = try server.register("alice"), bob = try server.register("bob")
        let roomID = try server.createRoom("r", as: alice)
        try server.join(roomID, as: bob)
        let aliceSocket = try SocketIOTestClient(port: server.port, token: alice.token)
        let bobSocket = try SocketIOTestClient(port: server.port, token: bob.token)
        defer { aliceSocket.close(); bobSocket.close() }
        #expect(try bobSocket.call("typing", ["roomId": Self.id(roomID), "typing": true])["status"] == 403)
        _ = try aliceSocket.call("subscribe", ["rooms": [Self.id(roomID)]])
        _ = try bobSocket.call("subscribe", ["rooms": [Self.id(roomID)]])
        try bobSocket.emit("typing", ["roomId": Self.id(roomID), "typing": true])
        let typing = try aliceSocket.next("typing")
        #expect(typing["user"]?["name"] == "bob" && typing["typing"] == true && typing["roomId"] == Self.id(roomID))
        #expect(try !bobSocket.eventNames().contains("typing"))
    }

    @Test("presence lists the room's members that are connected, and changes when one connects or leaves")
    func presence() throws {
        let server = try ChatTestServer()
        defer { server.stop() }
        let alice = try server.register("alice"), bob = try server.register("bob")
        let roomID = try server.createRoom("r", as: alice)
        try server.join(roomID, as: bob)
        let aliceSocket = try SocketIOTestClient(port: server.port, token: alice.token)
        defer { aliceSocket.close() }
        _ = try aliceSocket.call("subscribe", ["rooms": [Self.id(roomID)]])
        #expect(try aliceSocket.next("presence")["online"]?.arrayValue?.map { $0["name"] } == ["alice"])
        let bobSocket = try SocketIOTestClient(port: server.port, token: bob.token)
        #expect(try aliceSocket.next("presence")["online"]?.arrayValue?.map { $0["name"] } == ["alice", "bob"])
        bobSocket.close()
        #expect(try aliceSocket.next("presence")["online"]?.arrayValue?.map { $0["name"] } == ["alice"])
    }

    @Test("a mention sends new-notification to every socket of the user; reading it sends updated-notification to all")
    func notifications() throws {
        let server = try ChatTestServer()
        defer { server.stop() }
        let alice = try server.register("alice"), laptop = try server.register("bob"), phone = try server.login("bob")
        let roomID = try server.createRoom("r", as: alice)
        let bobSockets = try [laptop, phone].map { try SocketIOTestClient(port: server.port, token: $0.token) }
        defer { bobSockets.forEach { $0.close() } }
        _ = try server.request("POST", "/api/rooms/\(roomID)/messages", body: ["text": "ping @bob"], token: alice.token)
        var notificationID = 0
        for socket in bobSockets {
            let event = try socket.next("new-notification")
            #expect(event["unread"] == 1 && event["notification"]?["kind"] == "mention" && event["notification"]?["from"] == "alice")
            notificationID = try #require(event["notification"]?["id"]?.intValue)
        }
        #expect(try server.request("POST", "/api/notifications/\(notificationID)/read", token: laptop.token).status == 200)
        for socket in bobSockets {
            let event = try socket.next("updated-notification")
            #expect(event["unread"] == 0 && event["notification"]?["read"] == true)
        }
    }

    @Test("room-create, room-update and room-delete reach every user's sockets, subscribed or not")
    func roomListEvents() throws {
        let server = try ChatTestServer()
        defer { server.stop() }
        let alice = try server.register("alice"), bob = try server.register("bob")
        let bobSocket = try SocketIOTestClient(port: server.port, token: bob.token)
        defer { bobSocket.close() }
        let roomID = try server.createRoom("r", as: alice)
        #expect(try bobSocket.next("room-create")["room"]?["name"] == "r")
        _ = try server.request("PATCH", "/api/rooms/\(roomID)", body: ["name": "renamed"], token: alice.token)
        #expect(try bobSocket.next("room-update")["room"]?["name"] == "renamed")
        _ = try server.request("DELETE", "/api/rooms/\(roomID)", token: alice.token)
        #expect(try bobSocket.next("room-delete") == ["id": Self.id(roomID)])
    }

    @Test("joining over HTTP sends user-update to the user's other devices; deleting the account sends user-delete")
    func userEvents() throws {
        let server = try ChatTestServer()
        defer { server.stop() }
        let admin = try server.loginAdmin(), laptop = try server.register("bob"), phone = try server.login("bob")
        let roomID = try server.createRoom("r", as: admin)
        let phoneSocket = try SocketIOTestClient(port: server.port, token: phone.token)
        try server.join(roomID, as: laptop)
        let update = try phoneSocket.next("user-update")
        #expect(update["user"]?["name"] == "bob" && update["rooms"] == [Self.id(roomID)])
        _ = try server.request("DELETE", "/api/users/\(laptop.id)", token: admin.token)
        #expect(try phoneSocket.next("user-delete") == ["id": Self.id(laptop.id)])
        try phoneSocket.waitUntilDisconnected()
    }

    @Test("join-room answers the room and its history; leave-room and delete-message work over the socket too")
    func roomEventsOverTheSocket() throws {
        let server = try ChatTestServer()
        defer { server.stop() }
        let alice = try server.register("alice"), bob = try server.register("bob")
        let roomID = try server.createRoom("r", as: alice)
        let posted = try server.request("POST", "/api/rooms/\(roomID)/messages", body: ["text": "earlier"], token: alice.token)
        let messageID = try #require(posted.json["message"]?["id"]?.intValue)
        let aliceSocket = try SocketIOTestClient(port: server.port, token: alice.token)
        let bobSocket = try SocketIOTestClient(port: server.port, token: bob.token)
        defer { aliceSocket.close(); bobSocket.close() }
        let joined = try bobSocket.call("join-room", ["roomId": Self.id(roomID)])
        #expect(joined["room"]?["members"] == 2 && joined["messages"]?.arrayValue?.map { $0["text"] } == ["earlier"])
        _ = try bobSocket.call("subscribe", ["rooms": [Self.id(roomID)]])
        #expect(try aliceSocket.call("delete-message", ["id": Self.id(messageID)]) == ["ok": true])
        #expect(try bobSocket.next("message-delete") == ["id": Self.id(messageID), "roomId": Self.id(roomID)])
        #expect(try bobSocket.call("leave-room", ["roomId": Self.id(roomID)]) == ["ok": true])
        #expect(try bobSocket.call("send-message", ["roomId": Self.id(roomID), "text": "x"])["status"] == 403)
    }

    @Test("events with the wrong payload shape are acknowledged with a 400, ignored without an ack, and harm nothing",
          arguments: [
            ("send-message", "hello"), ("send-message", ["roomId": "1", "text": "x"]), ("send-message", ["roomId": 1]),
            ("subscribe", ["rooms": "1"]), ("subscribe", ["rooms": [-1]]), ("typing", JSON.null),
            ("delete-message", [1, 2]), ("join-room", ["roomId": 1.5]),
          ] as [(String, JSON)])
    func badPayloads(event: String, payload: JSON) throws {
        let server = try ChatTestServer()
        defer { server.stop() }
        let alice = try server.register("alice")
        let roomID = try server.createRoom("r", as: alice)
        let socket = try SocketIOTestClient(port: server.port, token: alice.token)
        defer { socket.close() }
        #expect(try socket.call(event, payload)["status"] == 400)
        try socket.emit(event, payload)
        #expect(try socket.call("send-message", ["roomId": Self.id(roomID), "text": "still fine"])["id"]?.intValue != nil)
        #expect(try server.onLoop { try server.app.store.messageCount(roomID: roomID) } == 1)
    }

    @Test("a new direct conversation reaches the other user as room-create plus user-update with the room")
    func directConversation() throws {
        let server = try ChatTestServer()
        defer { server.stop() }
        let alice = try server.register("alice"), bob = try server.register("bob")
        let bobSocket = try SocketIOTestClient(port: server.port, token: bob.token)
        defer { bobSocket.close() }
        let room = try server.request("POST", "/api/direct", body: ["name": "bob"], token: alice.token).json["room"]
        let roomID = try #require(room?["id"]?.intValue)
        #expect(try bobSocket.next("room-create")["room"]?["kind"] == "direct")
        #expect(try bobSocket.next("user-update")["rooms"] == [Self.id(roomID)])
        _ = try bobSocket.call("subscribe", ["rooms": [Self.id(roomID)]])
        _ = try server.request("POST", "/api/rooms/\(roomID)/messages", body: ["text": "psst"], token: alice.token)
        #expect(try bobSocket.next("message-create")["message"]?["text"] == "psst")
        #expect(try bobSocket.next("new-notification")["notification"]?["kind"] == "direct")
    }
}
