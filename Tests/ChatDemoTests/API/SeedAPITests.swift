// SPDX-License-Identifier: MIT

@testable import ChatDemo
import SIOJSON
import SIOServer
import Testing

@Suite("HTTP API: email and message versions", .serialized)
struct SeedAPITests {
    @Test("PUT /api/me/email sets the address shown in GET /api/me, null removes it, and bad addresses are 400")
    func email() throws {
        let server = try ChatTestServer()
        defer { server.stop() }
        let alice = try server.register("alice"), bob = try server.register("bob")
        let set = try server.request("PUT", "/api/me/email", body: ["email": "alice@example.org"], token: alice.token)
        #expect(set.status == 200 && set.json["user"]?["email"] == "alice@example.org" && set.json["user"]?["username"] == "alice")
        #expect(try server.request("GET", "/api/me", token: alice.token).json["email"] == "alice@example.org")
        let directory = try server.request("GET", "/api/users", token: bob.token).json["users"]?.arrayValue ?? []
        #expect(directory.allSatisfy { $0["email"] == nil })
        let problem = "email must be an address like name@example.org, 3 to 254 characters, without spaces"
        for bad: JSON in ["no-at-sign", "a@b", "two@@example.org", "a b@example.org", .string(String(repeating: "a", count: 250) + "@x.org")] {
            #expect(try server.request("PUT", "/api/me/email", body: ["email": bad], token: alice.token).error == problem)
        }
        #expect(try server.request("PUT", "/api/me/email", body: ["email": 3], token: alice.token).error == "'email' must be a string")
        #expect(try server.request("PUT", "/api/me/email", body: [:], token: alice.token).error
            == "'email' is required (a string, or null to remove it)")
        #expect(try server.request("PUT", "/api/me/email", body: ["email": .null], token: alice.token).json["user"]?["email"] == .null)
        #expect(try server.request("GET", "/api/me", token: alice.token).json["email"] == .null)
    }

    @Test("PATCH /api/messages/:id edits the text and adds a version; GET lists them; DELETE removes one")
    func versions() throws {
        let server = try ChatTestServer()
        defer { server.stop() }
        let alice = try server.register("alice"), bob = try server.register("bob")
        let roomID = try server.createRoom("r", as: alice)
        try server.join(roomID, as: bob)
        let posted = try server.request("POST", "/api/rooms/\(roomID)/messages", body: ["text": "one"], token: alice.token)
        let messageID = try #require(posted.json["message"]?["id"]?.intValue)
        let path = "/api/messages/\(messageID)"
        let edit = try server.request("PATCH", path, body: ["text": "two"], token: alice.token)
        #expect(edit.status == 200 && edit.json["message"]?["text"] == "two" && edit.json["version"]?["text"] == "two")
        let versionID = try #require(edit.json["version"]?["id"]?.intValue)
        #expect(edit.json["version"]?["messageId"] == .number(Double(messageID)))
        let list = try server.request("GET", "\(path)/versions", token: bob.token).json["versions"]?.arrayValue ?? []
        #expect(list.map { $0["text"] } == ["two"])
        let history = try server.request("GET", "/api/rooms/\(roomID)/messages", token: bob.token)
        #expect(history.json["messages"]?.arrayValue?.map { $0["text"] } == ["two"])

        let byBob = try server.request("PATCH", path, body: ["text": "mine"], token: bob.token)
        #expect(byBob.status == 403 && byBob.error == "only the author may edit a message")
        #expect(try server.request("PATCH", path, body: ["text": " "], token: alice.token).error == "text must not be empty")
        #expect(try server.request("PATCH", "/api/messages/999", body: ["text": "x"], token: alice.token).status == 404)
        let deleteByBob = try server.request("DELETE", "\(path)/versions/\(versionID)", token: bob.token)
        #expect(deleteByBob.status == 403 && deleteByBob.error == "only the author or an admin may delete a version")
        #expect(try server.request("DELETE", "\(path)/versions/\(versionID)", token: alice.token).status == 204)
        let again = try server.request("DELETE", "\(path)/versions/\(versionID)", token: alice.token)
        #expect(again.status == 404 && again.error == "version \(versionID) of message \(messageID) not found")
        #expect(try server.request("GET", path + "/versions", token: alice.token).json["versions"] == [])
        #expect(try server.request("GET", "/api/rooms/\(roomID)/messages", token: bob.token).json["messages"]?[0]?["text"] == "two")
    }

    @Test("a message has at most 50 versions: the 51st edit is 409 until a version is deleted")
    func versionLimit() throws {
        let server = try ChatTestServer()
        defer { server.stop() }
        let alice = try server.register("alice")
        let roomID = try server.createRoom("r", as: alice)
        let posted = try server.request("POST", "/api/rooms/\(roomID)/messages", body: ["text": "v0"], token: alice.token)
        let messageID = try #require(posted.json["message"]?["id"]?.intValue)
        var firstVersion = 0
        for index in 1...Limits.maxVersionsPerMessage {
            let edit = try server.request("PATCH", "/api/messages/\(messageID)", body: ["text": .string("v\(index)")], token: alice.token)
            #expect(edit.status == 200)
            if index == 1 { firstVersion = edit.json["version"]?["id"]?.intValue ?? 0 }
        }
        let refused = try server.request("PATCH", "/api/messages/\(messageID)", body: ["text": "over"], token: alice.token)
        #expect(refused.status == 409)
        #expect(refused.error == "message \(messageID) has 50 versions, the limit; delete one before editing again")
        #expect(try server.request("DELETE", "/api/messages/\(messageID)/versions/\(firstVersion)", token: alice.token).status == 204)
        #expect(try server.request("PATCH", "/api/messages/\(messageID)", body: ["text": "fits"], token: alice.token).status == 200)
    }
}
