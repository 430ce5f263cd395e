// SPDX-License-Identifier: MIT

@testable import ChatDemo
import SIOServer
import SIOTestSupport
import Testing

@Suite("Operations: /health, /ready, /metrics and graceful shutdown", .serialized)
struct OperationsEndpointTests {
    /// `name{labels}` -> value, for every sample line of a scrape.
    static func samples(_ text: String) -> [String: Double] {
        var samples: [String: Double] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " ") else { continue }
            samples[String(line[..<space])] = Double(line[line.index(after: space)...])
        }
        return samples
    }

    static func scrape(_ server: ChatTestServer) throws -> [String: Double] {
        let reply = try server.request("GET", "/metrics")
        #expect(reply.status == 200)
        #expect(reply.response.header("Content-Type") == "text/plain; version=0.0.4; charset=utf-8")
        return samples(reply.response.text)
    }

    @Test("/health answers ok, /ready answers ready, and the API's own /api/health is still there")
    func healthAndReady() throws {
        let server = try ChatTestServer()
        defer { server.stop() }
        let health = try server.request("GET", "/health")
        #expect(health.status == 200 && health.json == ["status": "ok"])
        #expect(health.response.header("Cache-Control") == "no-store")
        #expect(try server.request("GET", "/ready").json == ["status": "ready"])
        #expect(try server.request("GET", "/api/health").json == ["status": "ok"])
    }

    @Test("/ready answers 503 with the reason while the adapter is disconnected, and the metric says so")
    func adapterDown() throws {
        let server = try ChatTestServer()
        defer { server.stop() }
        #expect(try Self.scrape(server)[#"sio_adapter_connected{adapter="memory"}"#] == 1)
        try server.onLoop { server.app.adapterStatus = { AdapterStatus(name: "redis", connected: false) } }
        let ready = try server.request("GET", "/ready")
        #expect(ready.status == 503)
        #expect(ready.json == ["status": "not ready", "reasons": ["the redis adapter is disconnected"]])
        let metrics = try Self.scrape(server)
        #expect(metrics[#"sio_adapter_connected{adapter="redis"}"#] == 0 && metrics["chatdemo_ready"] == 0)
    }

    @Test("the counters of every layer move as clients connect, send and are refused")
    func movingCounters() throws {
        let server = try ChatTestServer()
        defer { server.stop() }
        let alice = try server.register("alice"), bob = try server.register("bob")
        let roomID = try server.createRoom("ops", as: alice)
        try server.join(roomID, as: bob)
        let before = try Self.scrape(server)
        #expect(before[#"sio_engine_sessions{transport="websocket"}"#] == 0)

        let socket = try SocketIOTestClient(port: server.port, token: alice.token)
        defer { socket.close() }
        _ = try socket.call("subscribe", ["rooms": [.number(Double(roomID))]])
        let posted = try server.request("POST", "/api/rooms/\(roomID)/messages", body: ["text": "hi"], token: bob.token)
        #expect(posted.status == 201)
        _ = try socket.next("message-create")
        let refused = try server.request("GET", "/socket.io/?EIO=3&transport=polling")
        #expect(refused.status == 400)

        let after = try Self.scrape(server)
        func grew(_ name: String, by amount: Double = 1) -> Bool { (after[name] ?? 0) - (before[name] ?? 0) >= amount }
        #expect(after[#"sio_engine_sessions{transport="websocket"}"#] == 1)
        #expect(after[#"sio_sockets_connected{namespace="/"}"#] == 1)
        #expect(after["chatdemo_users_online"] == 1 && after["chatdemo_authenticated_sockets"] == 1)
        #expect(grew("sio_http_connections_accepted_total", by: 4))
        #expect((after["sio_http_connections_open"] ?? 0) >= 2)
        #expect(grew("sio_engine_sessions_opened_total"))
        #expect(grew("sio_packets_received_total", by: 2))
        #expect(grew("sio_packets_sent_total", by: 3))
        #expect(grew("sio_bytes_received_total", by: 20) && grew("sio_bytes_sent_total", by: 20))
        #expect(grew("sio_broadcasts_total") && grew("sio_broadcast_receivers_total"))
        #expect(grew(#"sio_engine_handshake_failures_total{code="5",reason="Unsupported protocol version"}"#))
        #expect(after[#"sio_engine_handshake_failures_total{code="1",reason="Session ID unknown"}"#] != nil)
        #expect(after[#"sio_engine_sessions_closed_total{reason="ping timeout"}"#] == 0)
        #expect((after[#"chatdemo_log_records_total{level="info"}"#] ?? 0) >= 1)
    }

    @Test("on shutdown, /ready turns 503 during the delay, sockets leave with 'server shutting down', and it completes")
    func gracefulShutdown() throws {
        let server = try ChatTestServer { $0.shutdownDelay = .milliseconds(500) }
        let alice = try server.register("alice")
        let reasons = LoopBox<[String]>([])
        try server.onLoop {
            server.app.io.onConnection { socket in
                socket.onDisconnect { reason in reasons.value.append(reason.rawValue) }
            }
        }
        let socket = try SocketIOTestClient(port: server.port, token: alice.token)
        let done = Flag()
        try server.onLoop { server.app.shutdown { done.set() } }

        let ready = try server.request("GET", "/ready")
        #expect(ready.status == 503 && ready.json == ["status": "not ready", "reasons": ["server shutting down"]])
        #expect(try server.request("GET", "/health").status == 200)
        try socket.waitUntilDisconnected()
        #expect(done.wait(timeout: .seconds(10)))
        #expect(try server.onLoop { reasons.value } == ["server shutting down"])
        #expect(try server.onLoop { server.app.store.isOpen } == false)
        server.stop()
    }
}

/// A value changed and read only on the app's loop (handlers and `onLoop` blocks).
final class LoopBox<Value>: @unchecked Sendable {
    var value: Value

    init(_ value: Value) {
        self.value = value
    }
}
