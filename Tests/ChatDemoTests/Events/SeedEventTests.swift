// SPDX-License-Identifier: MIT

@testable import ChatDemo
import SIOJSON
import SIOServer
import Testing

/// The events that docs/chatdemo.md's seed table adds: the Localful reference's `subscribe` with `vaults`,
/// `user-password-change`, `user-email-change`, `version-create` and `version-delete` (with the `gid` rule),
/// and audiobookshelf's `user_added`, `user_removed` and `user_updated`.
@Suite("Socket.IO: the seed documents' events", .serialized)
struct SeedEventTests {
    static func id(_ value: Int) -> JSON { .number(Double(value)) }

    @Test("subscribe with vaults (ids as numbers or strings) is answered under the same key and replaces the set")
    func subscribeVaults() throws {
        let server = try ChatTestServer()
        defer { server.stop() }
        let alice = try server.register("alice")
        let first = try server.createRoom("first", as: alice), second = try server.createRoom("second", as: alice)
        let socket = try SocketIOTestClient(port: server.port, token: alice.token)
        defer { socket.close() }
        #expect(try socket.call("subscribe", ["vaults": [Self.id(first), .string(String(second)), 999]])
            == ["vaults": [Self.id(first), Self.id(second)], "refused": [999]])
        #expect(try socket.call("subscribe", ["vaults": ["not-a-room"]]) == ["error": "'vaults' must be an array of room ids", "status": 400])
        #expect(try socket.call("subscribe", ["vaults": [Self.id(second)]]) == ["vaults": [Self.id(second)], "refused": []])
        _ = try server.request("POST", "/api/rooms/\(first)/messages", body: ["text": "one"], token: try server.login("alice").token)
        #expect(try !socket.eventNames().contains("message-create"))
    }

    @Test("an edit over HTTP sends version-create, a deleted version version-delete, to subscribers except the request's device")
    func versionEvents() throws {
        let server = try ChatTestServer()
        defer { server.stop() }
        let laptop = try server.register("alice"), phone = try server.login("alice"), bob = try server.register("bob")
        let roomID = try server.createRoom("r", as: laptop)
        try server.join(roomID, as: bob)
        let posted = try server.request("POST", "/api/rooms/\(roomID)/messages", body: ["text": "one"], token: laptop.token)
        let messageID = try #require(posted.json["message"]?["id"]?.intValue)
        let sockets = try [laptop, phone, bob].map { try SocketIOTestClient(port: server.port, token: $0.token) }
        defer { sockets.forEach { $0.close() } }
        for socket in sockets { _ = try socket.call("subscribe", ["vaults": [Self.id(roomID)]]) }
        let edit = try server.request("PATCH", "/api/messages/\(messageID)", body: ["text": "two"], token: laptop.token)
        let version = try #require(edit.json["version"])
        for socket in sockets.dropFirst() {
            #expect(try socket.next("version-create") == ["version": version, "message": edit.json["message"] ?? .null])
        }
        #expect(try !sockets[0].eventNames().contains("version-create"))
        let versionID = try #require(version["id"]?.intValue)
        _ = try server.request("DELETE", "/api/messages/\(messageID)/versions/\(versionID)", token: laptop.token)
        for socket in sockets.dropFirst() {
            #expect(try socket.next("version-delete") == ["id": Self.id(versionID), "messageId": Self.id(messageID), "roomId": Self.id(roomID)])
        }
        #expect(try !sockets[0].eventNames().contains("version-delete"))
    }

    @Test("a password or email change reaches the user's other devices; user_updated reaches all of them; nobody else")
    func passwordAndEmail() throws {
        let server = try ChatTestServer()
        defer { server.stop() }
        let laptop = try server.register("alice"), phone = try server.login("alice"), bob = try server.register("bob")
        let laptopSocket = try SocketIOTestClient(port: server.port, token: laptop.token)
        let phoneSocket = try SocketIOTestClient(port: server.port, token: phone.token)
        let bobSocket = try SocketIOTestClient(port: server.port, token: bob.token)
        defer { [laptopSocket, phoneSocket, bobSocket].forEach { $0.close() } }
        let password = ChatTestServer.password(for: "alice")
        let change = try server.request(
            "PATCH", "/api/me", body: ["currentPassword": .string(password), "password": "a-new-password"], token: laptop.token)
        #expect(change.status == 204)
        #expect(try phoneSocket.next("user-password-change") == ["id": Self.id(laptop.id)])
        #expect(try !laptopSocket.eventNames().contains("user-password-change"))

        _ = try server.request("PUT", "/api/me/email", body: ["email": "alice@example.org"], token: laptop.token)
        #expect(try phoneSocket.next("user-email-change") == ["id": Self.id(laptop.id), "email": "alice@example.org"])
        for socket in [laptopSocket, phoneSocket] {
            let updated = try socket.next("user_updated")
            #expect(updated["email"] == "alice@example.org" && updated["username"] == "alice" && updated["type"] == "user")
        }
        #expect(try !laptopSocket.eventNames().contains("user-email-change"))
        let seenByBob = try bobSocket.eventNames()
        #expect(!seenByBob.contains("user-email-change") && !seenByBob.contains("user_updated") && !seenByBob.contains("user-password-change"))
    }

    @Test("admins get user_added on registration and user_removed on deletion, with the public user; others do not")
    func userAddedRemoved() throws {
        let server = try ChatTestServer()
        defer { server.stop() }
        let admin = try server.loginAdmin(), alice = try server.register("alice")
        let adminSocket = try SocketIOTestClient(port: server.port, token: admin.token)
        let aliceSocket = try SocketIOTestClient(port: server.port, token: alice.token)
        defer { adminSocket.close(); aliceSocket.close() }
        let bob = try server.register("bob")
        let added = try adminSocket.next("user_added")
        #expect(added["id"] == Self.id(bob.id) && added["username"] == "bob" && added["type"] == "user" && added["email"] == nil)
        #expect(try server.request("DELETE", "/api/users/\(bob.id)", token: admin.token).status == 204)
        let removed = try adminSocket.next("user_removed")
        #expect(removed["id"] == Self.id(bob.id) && removed["username"] == "bob")
        let seenByAlice = try aliceSocket.eventNames()
        #expect(!seenByAlice.contains("user_added") && !seenByAlice.contains("user_removed"))
    }
}
