// SPDX-License-Identifier: MIT

import Foundation
import SIOAdminUI
import SIOCluster
import SIOEngineIO
import SIOJSON
import SIOServer
import Testing

@Suite("Admin UI: login check, sessions, aggregated events, socket serialization")
struct AdminUIPureTests {
    @Test("the login accepts exactly the configured username and password", arguments: [
        (["username": "admin", "password": "s3cret"], true),
        (["username": "admin", "password": "s3cre"], false),
        (["username": "admin", "password": "s3cret!"], false),
        (["username": "Admin", "password": "s3cret"], false),
        (["password": "s3cret"], false),
        (["sessionId": "x"], false),
    ] as [([String: String], Bool)])
    func credentials(auth: [String: String], accepted: Bool) {
        let credentials = AdminUICredentials(username: "admin", password: "s3cret")
        let payload = JSONObject(auth.map { ($0.key, JSON.string($0.value)) })
        #expect(credentials.accepts(payload) == accepted)
    }

    @Test("a session id is valid until it expires or the store's bound pushes it out")
    func sessions() {
        let clock = TestTime()
        let sessions = AdminUISessions(capacity: 2, lifetime: .seconds(60)) { clock.now }
        let first = sessions.create(), second = sessions.create()
        #expect(first.count == 32 && first != second)
        #expect(sessions.contains(first) && sessions.contains(second) && !sessions.contains("guess"))
        let third = sessions.create()
        #expect(!sessions.contains(first) && sessions.contains(second) && sessions.contains(third))
        clock.now += 61
        #expect(!sessions.contains(second) && !sessions.contains(third))
    }

    @Test("the login throttle refuses an address after its failures until its window ends, and forgets the oldest at its bound")
    func loginThrottle() {
        let clock = TestTime()
        let throttle = AdminUILoginThrottle(maxFailures: 2, window: .seconds(60), capacity: 2) { clock.now }
        throttle.recordFailure("a")
        #expect(throttle.allows("a"))
        throttle.recordFailure("a")
        #expect(!throttle.allows("a") && throttle.allows("b"))
        clock.now += 60
        #expect(throttle.allows("a"))
        throttle.recordFailure("a")
        throttle.recordFailure("a")
        clock.now += 1
        throttle.recordFailure("b")
        throttle.recordFailure("b")
        throttle.recordFailure("c")
        #expect(throttle.allows("a") && !throttle.allows("b"))
    }

    @Test("aggregated events report the difference since the previous report, per second, non-zero only")
    func aggregatedEvents() {
        var reading = AggregatedEvents.Reading()
        var events = AggregatedEvents(from: reading)
        reading.connections = 2
        reading.disconnections = ["transport close": 1]
        reading.packetsIn = 5
        reading.bytesOut = 40
        #expect(events.report(reading, timestamp: 1_700_000_000_123) == [
            ["timestamp": 1_700_000_000_000, "type": "rawConnection", "count": 2],
            ["timestamp": 1_700_000_000_000, "type": "rawDisconnection", "subType": "transport close", "count": 1],
            ["timestamp": 1_700_000_000_000, "type": "packetsIn", "count": 5],
            ["timestamp": 1_700_000_000_000, "type": "bytesOut", "count": 40],
        ])
        reading.packetsIn = 6
        #expect(events.report(reading, timestamp: 1_700_000_002_000) == [
            ["timestamp": 1_700_000_002_000, "type": "packetsIn", "count": 1]
        ])
    }

    @Test("a socket is serialized with Node's fields, the forwarded address, and without the _admin data")
    func serialization() {
        let handshake = Handshake(
            headers: ["host": "localhost:3000", "x-forwarded-for": "203.0.113.7"], query: ["EIO": "4"],
            address: "127.0.0.1", time: "Tue, 08 Dec 2026 00:00:00 GMT", issued: 1_796_688_000_000)
        let data: SocketIOValue = [
            "name": "bob", "_admin": AdminUISerialization.adminData(sessionID: "abcdefghijklmnopqrst", transport: "polling"),
        ]
        let details = SocketDetails(id: "s1", handshake: handshake, rooms: ["s1", "lobby"], data: data)
        let value = AdminUISerialization.socket(details, namespace: "/", path: "/socket.io/")
        #expect(value["id"] == "s1" && value["clientId"] == "abcdefghijkl" && value["transport"] == "polling")
        #expect(value["nsp"] == "/" && value["data"] == ["name": "bob"] && value["rooms"] == ["lobby", "s1"])
        #expect(value["handshake"]?["address"] == "203.0.113.7")
        #expect(value["handshake"]?["url"] == "/socket.io/?EIO=4")
        #expect(value["handshake"]?["issued"] == 1_796_688_000_000)
    }

    @Test("a timestamp reads as JavaScript's JSON for a Date")
    func timestamp() {
        let date = Date(timeIntervalSince1970: 1_796_688_000.125)
        #expect(AdminUISerialization.timestamp(date) == "2026-12-08T00:00:00.125Z")
    }
}

/// A settable clock for the session store.
private final class TestTime: @unchecked Sendable {
    var now: Double = 1_000_000
}
