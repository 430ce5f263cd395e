// SPDX-License-Identifier: MIT

@testable import ChatDemo
import Testing

@Suite("Chat store: emails and message versions")
struct SeedStoreTests {
    static let record = PasswordRecord(hash: [1], salt: [2], iterations: 1)

    @Test("a database of schema version 1 gains the email column and the versions table, its rows intact")
    func migrationFromVersionOne() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path + "/old.sqlite3"
        let old = try SQLiteDatabase(path: path)
        try old.execute(Schema.migrations[0])
        try old.execute("PRAGMA user_version = 1")
        try old.run(
            "INSERT INTO users (name, password_hash, password_salt, password_iterations, created) VALUES ('alice', x'01', x'02', 1, 5)")
        old.close()
        let store = try ChatStore(path: path)
        let alice = try #require(try store.user(named: "alice"))
        #expect(alice.created == 5)
        #expect(try store.email(userID: alice.id) == nil)
        #expect(try store.database.rows("PRAGMA user_version").first?.first?.int == 2)
        #expect(try store.versions(messageID: 1).isEmpty)
    }

    @Test("an email is kept per account and can be removed")
    func email() throws {
        let store = try ChatStore(path: ":memory:")
        let alice = try store.createUser(name: "alice", password: Self.record, isAdmin: false)
        #expect(try store.setEmail(userID: alice.id, "alice@example.org"))
        #expect(try store.email(userID: alice.id) == "alice@example.org")
        #expect(try store.setEmail(userID: alice.id, nil))
        #expect(try store.email(userID: alice.id) == nil)
        #expect(try !store.setEmail(userID: 999, "x@example.org"))
    }

    @Test("an edit replaces the text and adds a version; deleting a version keeps the text; deleting the message drops them")
    func versions() throws {
        var tick = 100
        let store = try ChatStore(path: ":memory:") {
            tick += 1
            return tick
        }
        let alice = try store.createUser(name: "alice", password: Self.record, isAdmin: false)
        let room = try store.createRoom(name: "r", topic: "", creator: alice)
        let message = try store.postMessage(room: room, author: alice, text: "one", clientID: nil).message
        let (edited, version) = try #require(try store.editMessage(id: message.id, text: "two"))
        #expect(edited.text == "two" && edited.id == message.id)
        #expect(version.messageID == message.id && version.roomID == room.id && version.text == "two")
        _ = try store.editMessage(id: message.id, text: "three")
        #expect(try store.versions(messageID: message.id).map(\.text) == ["two", "three"])
        #expect(try store.versionCount(messageID: message.id) == 2)
        #expect(try store.deleteVersion(id: version.id))
        #expect(try !store.deleteVersion(id: version.id))
        #expect(try store.message(id: message.id)?.text == "three")
        #expect(try store.editMessage(id: 999, text: "x") == nil)
        _ = try store.deleteMessage(id: message.id)
        #expect(try store.versionCount(messageID: message.id) == 0)
    }
}
