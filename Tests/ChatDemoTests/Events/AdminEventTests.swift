// SPDX-License-Identifier: MIT

@testable import ChatDemo
import SIOServer
import Testing

@Suite("Socket.IO: admin events", .serialized)
struct AdminEventTests {
    @Test("admins get user_online when a user's first socket connects and user_offline after the last; others get neither")
    func onlineOffline() throws {
        let server = try ChatTestServer()
        defer { server.stop() }
        let admin = try server.loginAdmin(), alice = try server.register("alice"), bob = try server.register("bob")
        let adminSocket = try SocketIOTestClient(port: server.port, token: admin.token)
        #expect(try adminSocket.next("user_online")["name"] == "admin")
        let aliceSocket = try SocketIOTestClient(port: server.port, token: alice.token)
        defer { adminSocket.close(); aliceSocket.close() }
        let online = try adminSocket.next("user_online")
        let created = try #require(online["created"]?.intValue)
        #expect(online == [
            "id": .number(Double(alice.id)), "name": "alice", "admin": false, "created": .number(Double(created)),
            "username": "alice", "type": "user",
        ])
        let first = try SocketIOTestClient(port: server.port, token: bob.token)
        let second = try SocketIOTestClient(port: server.port, token: bob.token)
        #expect(try adminSocket.next("user_online")["name"] == "bob")
        first.close()
        #expect(try !adminSocket.eventNames().contains("user_offline"))
        second.close()
        #expect(try adminSocket.next("user_offline")["name"] == "bob")
        let seenByAlice = try aliceSocket.eventNames()
        #expect(!seenByAlice.contains("user_online") && !seenByAlice.contains("user_offline"))
    }

    @Test("message_all_users from an admin reaches everyone as admin_message, the text as a string; a non-admin is refused with 403")
    func messageAllUsers() throws {
        let server = try ChatTestServer()
        defer { server.stop() }
        let admin = try server.loginAdmin(), alice = try server.register("alice")
        let adminSocket = try SocketIOTestClient(port: server.port, token: admin.token)
        let aliceSocket = try SocketIOTestClient(port: server.port, token: alice.token)
        defer { adminSocket.close(); aliceSocket.close() }
        #expect(try aliceSocket.call("message_all_users", ["message": "I am admin"]) == ["error": "admins only", "status": 403])
        #expect(try !aliceSocket.eventNames().contains("admin_message"))
        #expect(try adminSocket.call("message_all_users", ["message": "maintenance at 22:00"]) == ["ok": true])
        for socket in [aliceSocket, adminSocket] {
            #expect(try socket.next("admin_message") == "maintenance at 22:00")
        }
    }

    @Test("set_log_listener streams log records at or above its level until remove_log_listener; refused to non-admins")
    func logListener() throws {
        let server = try ChatTestServer()
        defer { server.stop() }
        let admin = try server.loginAdmin(), alice = try server.register("alice")
        let adminSocket = try SocketIOTestClient(port: server.port, token: admin.token)
        let aliceSocket = try SocketIOTestClient(port: server.port, token: alice.token)
        defer { adminSocket.close(); aliceSocket.close() }
        #expect(try aliceSocket.call("set_log_listener", ["level": 1])["status"] == 403)
        #expect(try adminSocket.call("set_log_listener", ["level": 3]) == ["ok": true, "level": 3])
        _ = try server.createRoom("info-level", as: alice)
        _ = try aliceSocket.call("message_all_users", ["message": "x"])
        let record = try adminSocket.next("log")
        #expect(record["levelName"] == "WARN" && record["level"] == 3 && record["source"] == "ChatDemo")
        #expect(record["message"]?.stringValue?.contains("refused sending message_all_users by alice") == true)
        #expect(record["timestamp"]?.stringValue?.wholeMatch(of: /\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/) != nil)
        #expect(try !adminSocket.eventNames().contains("log"))
        #expect(try adminSocket.call("remove_log_listener") == ["ok": true])
        _ = try aliceSocket.call("message_all_users", ["message": "y"])
        #expect(try !adminSocket.eventNames().contains("log"))
    }

    @Test("fetch_daily_logs answers daily_logs with an array of today's log events; a date that is not YYYY-MM-DD is refused")
    func dailyLogs() throws {
        let server = try ChatTestServer()
        defer { server.stop() }
        let admin = try server.loginAdmin(), alice = try server.register("alice")
        let adminSocket = try SocketIOTestClient(port: server.port, token: admin.token)
        defer { adminSocket.close() }
        let answer = try adminSocket.call("fetch_daily_logs")
        let event = try adminSocket.next("daily_logs")
        #expect(answer == event)
        let records = event.arrayValue ?? []
        let messages = records.compactMap { $0["message"]?.stringValue }
        #expect(messages.contains("registered alice (#\(alice.id))"))
        #expect(records.allSatisfy { ["DEBUG", "INFO", "WARN", "ERROR"].contains($0["levelName"]?.stringValue ?? "") })
        #expect(try adminSocket.call("fetch_daily_logs", ["date": "../../etc/passwd"])["status"] == 400)
    }
}
