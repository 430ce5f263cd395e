// SPDX-License-Identifier: MIT

@testable import ChatDemo
import SIOServer
import Testing

@Suite("HTTP API: rooms, messages and notifications", .serialized)
struct ChatAPITests {
    @Test("rooms: create, list, join with history, leave; a second room of the same name is 409")
    func rooms() throws {
        let server = try ChatTestServer()
        defer { server.stop() }
        let alice = try server.register("alice"), bob = try server.register("bob")
        let roomID = try server.createRoom("general", as: alice)
        #expect(try server.request("POST", "/api/rooms", body: ["name": "General"], token: bob.token).status == 409)
        _ = try server.request("POST", "/api/rooms/\(roomID)/messages", body: ["text": "first"], token: alice.token)
        let list = try server.request("GET", "/api/rooms", token: bob.token).json["rooms"]?.arrayValue ?? []
        #expect(list.map { $0["name"] } == ["general"])
        let joined = try server.request("POST", "/api/rooms/\(roomID)/join", token: bob.token)
        #expect(joined.json["room"]?["members"] == 2)
        #expect(joined.json["messages"]?.arrayValue?.map { $0["text"] } == ["first"])
        #expect(try server.request("POST", "/api/rooms/\(roomID)/leave", token: bob.token).status == 204)
        #expect(try server.request("GET", "/api/me", token: bob.token).json["rooms"] == [])
    }

    @Test("posting to a room one is not in is 403; an unknown room is 404")
    func postingNeedsMembership() throws {
        let server = try ChatTestServer()
        defer { server.stop() }
        let alice = try server.register("alice"), bob = try server.register("bob")
        let roomID = try server.createRoom("general", as: alice)
        let refused = try server.request("POST", "/api/rooms/\(roomID)/messages", body: ["text": "hi"], token: bob.token)
        #expect(refused.status == 403 && refused.error == "not a member of room \(roomID)")
        #expect(try server.request("POST", "/api/rooms/999/messages", body: ["text": "hi"], token: bob.token).status == 404)
        #expect(try server.request("GET", "/api/rooms/\(roomID)/messages", token: bob.token).status == 403)
    }

    @Test("message limits: empty and over 2000 characters are 400; exactly 2000 is stored")
    func messageLimits() throws {
        let server = try ChatTestServer()
        defer { server.stop() }
        let alice = try server.register("alice")
        let roomID = try server.createRoom("r", as: alice)
        let path = "/api/rooms/\(roomID)/messages"
        #expect(try server.request("POST", path, body: ["text": "  \n"], token: alice.token).error == "text must not be empty")
        let long = String(repeating: "é", count: 2001)
        #expect(try server.request("POST", path, body: ["text": .string(long)], token: alice.token).error == "text must be 1 to 2000 characters")
        #expect(try server.request("POST", path, body: ["text": .string(String(long.dropLast()))], token: alice.token).status == 201)
    }

    @Test("history pages: newest first page, then older ones with before=, and hasMore")
    func paging() throws {
        let server = try ChatTestServer()
        defer { server.stop() }
        let alice = try server.register("alice")
        let roomID = try server.createRoom("r", as: alice)
        for index in 1...5 {
            _ = try server.request("POST", "/api/rooms/\(roomID)/messages", body: ["text": .string("m\(index)")], token: alice.token)
        }
        let first = try server.request("GET", "/api/rooms/\(roomID)/messages?limit=2", token: alice.token).json
        #expect(first["messages"]?.arrayValue?.map { $0["text"] } == ["m4", "m5"] && first["hasMore"] == true)
        let oldest = try #require(first["messages"]?[0]?["id"]?.intValue)
        let second = try server.request("GET", "/api/rooms/\(roomID)/messages?limit=10&before=\(oldest)", token: alice.token).json
        #expect(second["messages"]?.arrayValue?.map { $0["text"] } == ["m1", "m2", "m3"] && second["hasMore"] == false)
        let bad = try server.request("GET", "/api/rooms/\(roomID)/messages?limit=0", token: alice.token)
        #expect(bad.status == 400 && bad.error == "query parameter 'limit' must be a whole number from 1 to 200")
    }

    @Test("a mention creates a notification; reading it updates the unread count")
    func notifications() throws {
        let server = try ChatTestServer()
        defer { server.stop() }
        let alice = try server.register("alice"), bob = try server.register("bob")
        let roomID = try server.createRoom("r", as: alice)
        _ = try server.request("POST", "/api/rooms/\(roomID)/messages", body: ["text": "hey @bob"], token: alice.token)
        #expect(try server.request("GET", "/api/notifications/unread-count", token: bob.token).json == ["unread": 1])
        let list = try server.request("GET", "/api/notifications", token: bob.token).json
        let notification = try #require(list["notifications"]?[0])
        #expect(notification["kind"] == "mention" && notification["from"] == "alice" && notification["read"] == false)
        let id = try #require(notification["id"]?.intValue)
        #expect(try server.request("POST", "/api/notifications/\(id)/read", token: alice.token).status == 404)
        let read = try server.request("POST", "/api/notifications/\(id)/read", token: bob.token).json
        #expect(read["notification"]?["read"] == true && read["unread"] == 0)
    }

    @Test("a direct conversation is private to its two users and notifies the other")
    func direct() throws {
        let server = try ChatTestServer()
        defer { server.stop() }
        let alice = try server.register("alice"), bob = try server.register("bob"), carol = try server.register("carol")
        let room = try server.request("POST", "/api/direct", body: ["name": "bob"], token: alice.token).json["room"]
        let roomID = try #require(room?["id"]?.intValue)
        #expect(room?["kind"] == "direct")
        #expect(try server.request("POST", "/api/direct", body: ["name": "alice"], token: bob.token).json["room"]?["id"]?.intValue == roomID)
        _ = try server.request("POST", "/api/rooms/\(roomID)/messages", body: ["text": "psst"], token: bob.token)
        #expect(try server.request("GET", "/api/notifications", token: alice.token).json["notifications"]?[0]?["kind"] == "direct")
        #expect(try server.request("GET", "/api/rooms/\(roomID)", token: carol.token).status == 404)
        #expect(try server.request("POST", "/api/rooms/\(roomID)/join", token: carol.token).status == 404)
        #expect(try server.request("POST", "/api/direct", body: ["name": "nobody"], token: alice.token).status == 404)
    }

    @Test("only the creator or an admin renames or deletes a room; only the author or an admin deletes a message")
    func permissions() throws {
        let server = try ChatTestServer()
        defer { server.stop() }
        let admin = try server.loginAdmin(), alice = try server.register("alice"), bob = try server.register("bob")
        let roomID = try server.createRoom("r", as: alice)
        try server.join(roomID, as: bob)
        #expect(try server.request("PATCH", "/api/rooms/\(roomID)", body: ["topic": "x"], token: bob.token).status == 403)
        #expect(try server.request("PATCH", "/api/rooms/\(roomID)", body: ["topic": "news"], token: alice.token).json["room"]?["topic"] == "news")
        let posted = try server.request("POST", "/api/rooms/\(roomID)/messages", body: ["text": "mine"], token: alice.token)
        let messageID = try #require(posted.json["message"]?["id"]?.intValue)
        #expect(try server.request("DELETE", "/api/messages/\(messageID)", token: bob.token).status == 403)
        #expect(try server.request("DELETE", "/api/messages/\(messageID)", token: admin.token).status == 204)
        #expect(try server.request("DELETE", "/api/rooms/\(roomID)", token: bob.token).status == 403)
        #expect(try server.request("DELETE", "/api/rooms/\(roomID)", token: alice.token).status == 204)
        #expect(try server.request("GET", "/api/rooms", token: alice.token).json["rooms"] == [])
    }

    @Test("read-all marks every notification read and reports how many changed")
    func readAll() throws {
        let server = try ChatTestServer()
        defer { server.stop() }
        let alice = try server.register("alice"), bob = try server.register("bob")
        let roomID = try server.createRoom("r", as: alice)
        for text in ["@bob one", "@bob two"] {
            _ = try server.request("POST", "/api/rooms/\(roomID)/messages", body: ["text": .string(text)], token: alice.token)
        }
        #expect(try server.request("POST", "/api/notifications/read-all", token: bob.token).json == ["marked": 2, "unread": 0])
        #expect(try server.request("GET", "/api/notifications?unread=1", token: bob.token).json["notifications"] == [])
        #expect(try server.request("GET", "/api/notifications", token: bob.token).json["notifications"]?.arrayValue?.count == 2)
    }

    @Test("a user can delete their own account; their messages stay under their name")
    func deleteOwnAccount() throws {
        let server = try ChatTestServer()
        defer { server.stop() }
        let alice = try server.register("alice"), bob = try server.register("bob")
        let roomID = try server.createRoom("r", as: alice)
        try server.join(roomID, as: bob)
        _ = try server.request("POST", "/api/rooms/\(roomID)/messages", body: ["text": "bye all"], token: bob.token)
        #expect(try server.request("DELETE", "/api/me", token: bob.token).status == 204)
        #expect(try server.request("GET", "/api/me", token: bob.token).status == 401)
        let message = try server.request("GET", "/api/rooms/\(roomID)/messages", token: alice.token).json["messages"]?[0]
        #expect(message?["author"] == "bob" && message?["authorId"] == .null)
    }
}
