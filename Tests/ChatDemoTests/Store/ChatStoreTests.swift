// SPDX-License-Identifier: MIT

@testable import ChatDemo
import Testing

@Suite("Chat store")
struct ChatStoreTests {
    /// An in-memory store whose clock ticks one millisecond per call.
    final class Fixture {
        let store: ChatStore
        let alice: User
        let bob: User

        init() throws {
            var tick = 1_000
            store = try ChatStore(path: ":memory:") {
                tick += 1
                return tick
            }
            let record = PasswordRecord(hash: [1], salt: [2], iterations: 1)
            alice = try store.createUser(name: "alice", password: record, isAdmin: false)
            bob = try store.createUser(name: "bob", password: record, isAdmin: false)
        }
    }

    @Test("user names are unique regardless of case")
    func uniqueNames() throws {
        let fixture = try Fixture()
        #expect(throws: ChatError.conflict("the name 'ALICE' is already taken")) {
            try fixture.store.createUser(name: "ALICE", password: PasswordRecord(hash: [], salt: [], iterations: 1), isAdmin: false)
        }
        #expect(try fixture.store.user(named: "Alice")?.id == fixture.alice.id)
    }

    @Test("the creator of a room is its first member, and public room names are unique")
    func createRoom() throws {
        let fixture = try Fixture()
        let room = try fixture.store.createRoom(name: "general", topic: "all", creator: fixture.alice)
        #expect(room.memberCount == 1)
        #expect(try fixture.store.isMember(roomID: room.id, userID: fixture.alice.id))
        #expect(throws: ChatError.self) { try fixture.store.createRoom(name: "GENERAL", topic: "", creator: fixture.bob) }
    }

    @Test("joining twice or leaving twice reports no change the second time")
    func membership() throws {
        let fixture = try Fixture()
        let room = try fixture.store.createRoom(name: "r", topic: "", creator: fixture.alice)
        #expect(try fixture.store.join(roomID: room.id, userID: fixture.bob.id))
        #expect(try !fixture.store.join(roomID: room.id, userID: fixture.bob.id))
        #expect(try fixture.store.roomIDs(of: fixture.bob.id) == [room.id])
        #expect(try fixture.store.leave(roomID: room.id, userID: fixture.bob.id))
        #expect(try !fixture.store.leave(roomID: room.id, userID: fixture.bob.id))
    }

    @Test("history pages go backwards by id and each page reads oldest first")
    func paging() throws {
        let fixture = try Fixture()
        let room = try fixture.store.createRoom(name: "r", topic: "", creator: fixture.alice)
        let ids = try (1...5).map { try fixture.store.postMessage(room: room, author: fixture.alice, text: "m\($0)", clientID: nil).message.id }
        let newest = try fixture.store.messages(roomID: room.id, before: nil, limit: 2)
        #expect(newest.map(\.text) == ["m4", "m5"])
        let older = try fixture.store.messages(roomID: room.id, before: newest[0].id, limit: 2)
        #expect(older.map(\.text) == ["m2", "m3"])
        #expect(ids == ids.sorted())
    }

    @Test("a resend with the same clientId returns the stored message and writes nothing")
    func idempotentResend() throws {
        let fixture = try Fixture()
        let room = try fixture.store.createRoom(name: "r", topic: "", creator: fixture.alice)
        let first = try fixture.store.postMessage(room: room, author: fixture.alice, text: "hi @bob", clientID: "c-1")
        let again = try fixture.store.postMessage(room: room, author: fixture.alice, text: "hi @bob", clientID: "c-1")
        #expect(!first.isDuplicate && again.isDuplicate)
        #expect(again.message == first.message)
        #expect(again.notifications.isEmpty)
        #expect(try fixture.store.messageCount(roomID: room.id) == 1)
        #expect(try fixture.store.unreadCount(userID: fixture.bob.id) == 1)
    }

    @Test("mentions of existing users create notifications, in the same commit, never for the author")
    func mentionNotifications() throws {
        let fixture = try Fixture()
        let room = try fixture.store.createRoom(name: "r", topic: "", creator: fixture.alice)
        let posted = try fixture.store.postMessage(room: room, author: fixture.alice, text: "@bob @alice @nobody", clientID: nil)
        #expect(posted.notifications.map(\.userID) == [fixture.bob.id])
        let notification = try #require(posted.notifications.first)
        #expect(notification.kind == .mention && notification.messageID == posted.message.id && !notification.isRead)
        #expect(notification.actorName == "alice" && notification.excerpt == "@bob @alice @nobody")
    }

    @Test("a message in a direct room notifies the other member")
    func directNotifications() throws {
        let fixture = try Fixture()
        let (room, created) = try fixture.store.directRoom(between: fixture.alice, and: fixture.bob)
        #expect(created && room.kind == .direct && room.memberCount == 2)
        #expect(try fixture.store.directRoom(between: fixture.bob, and: fixture.alice) == (room, false))
        let posted = try fixture.store.postMessage(room: room, author: fixture.bob, text: "psst", clientID: nil)
        #expect(posted.notifications.map(\.userID) == [fixture.alice.id])
        #expect(posted.notifications.first?.kind == .direct)
        #expect(try fixture.store.rooms(visibleTo: fixture.alice.id).map(\.id) == [room.id])
    }

    @Test("a notification can only be marked read by its user")
    func markRead() throws {
        let fixture = try Fixture()
        let room = try fixture.store.createRoom(name: "r", topic: "", creator: fixture.alice)
        let id = try #require(try fixture.store.postMessage(room: room, author: fixture.alice, text: "@bob", clientID: nil).notifications.first?.id)
        #expect(try fixture.store.markRead(notificationID: id, userID: fixture.alice.id) == nil)
        #expect(try fixture.store.unreadCount(userID: fixture.bob.id) == 1)
        #expect(try fixture.store.markRead(notificationID: id, userID: fixture.bob.id)?.isRead == true)
        #expect(try fixture.store.unreadCount(userID: fixture.bob.id) == 0)
    }

    @Test("deleting a user keeps their messages under their name and drops their memberships")
    func deleteUser() throws {
        let fixture = try Fixture()
        let room = try fixture.store.createRoom(name: "r", topic: "", creator: fixture.alice)
        _ = try fixture.store.join(roomID: room.id, userID: fixture.bob.id)
        _ = try fixture.store.postMessage(room: room, author: fixture.bob, text: "bye", clientID: nil)
        #expect(try fixture.store.deleteUser(id: fixture.bob.id))
        let message = try #require(try fixture.store.messages(roomID: room.id, before: nil, limit: 10).first)
        #expect(message.authorID == nil && message.authorName == "bob")
        #expect(try fixture.store.members(of: room.id).map(\.name) == ["alice"])
    }

    @Test("deleting a room deletes its messages and memberships")
    func deleteRoom() throws {
        let fixture = try Fixture()
        let room = try fixture.store.createRoom(name: "r", topic: "", creator: fixture.alice)
        _ = try fixture.store.postMessage(room: room, author: fixture.alice, text: "x", clientID: nil)
        #expect(try fixture.store.deleteRoom(id: room.id))
        #expect(try fixture.store.messageCount(roomID: room.id) == 0)
        #expect(try fixture.store.roomIDs(of: fixture.alice.id).isEmpty)
    }

    @Test("a committed message is in the file after the store is closed and reopened")
    func durableAcrossReopen() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path + "/chat.sqlite3"
        var store: ChatStore? = try ChatStore(path: path)
        let alice = try store!.createUser(name: "alice", password: PasswordRecord(hash: [1], salt: [1], iterations: 1), isAdmin: false)
        let room = try store!.createRoom(name: "r", topic: "", creator: alice)
        let id = try store!.postMessage(room: room, author: alice, text: "kept", clientID: nil).message.id
        store?.close()
        store = nil
        let reopened = try ChatStore(path: path)
        #expect(try reopened.message(id: id)?.text == "kept")
    }
}
