// SPDX-License-Identifier: MIT

import SIOEngineIO
import SIOTestSupport
import SIOWebSocket
import Testing

/// The operator's hooks on WebSocket requests: `initial_headers` and `headers` on the `101`, and the asynchronous
/// `allowRequest` on a direct WebSocket handshake.
@Suite("Engine.IO hooks over WebSocket, live")
struct EngineWebSocketHooksTests {
    static func upgrade(_ engine: EngineTestServer, query: String = "") throws -> TestResponse {
        let client = try engine.server.client()
        try client.send(upgradeRequest(path: "/engine.io/?EIO=4&transport=websocket\(query)"))
        return try client.readResponse(headRequest: true)
    }

    @Test("adds initial_headers and headers to a WebSocket handshake's 101, and headers only to an upgrade's")
    func headersOn101() throws {
        let engine = try EngineTestServer({ $0.cookie = EngineCookie() }) { engine in
            engine.register(EngineWebSocketProvider(configuration: engine.configuration))
            engine.onInitialHeaders { headers, _ in headers["X-Initial"] = "1" }
            engine.onHeaders { headers, _ in headers["X-Served-By"] = "test" }
        }
        defer { engine.stop() }
        let handshake = try Self.upgrade(engine)
        #expect(handshake.status == 101)
        #expect(handshake.header("X-Initial") == "1")
        #expect(handshake.header("X-Served-By") == "test")
        // As in Node, the cookie goes on polling handshakes only.
        #expect(handshake.header("Set-Cookie") == nil)
        let sid = try engine.handshake()
        let upgrade = try Self.upgrade(engine, query: "&sid=\(sid)")
        #expect(upgrade.status == 101)
        #expect(upgrade.header("X-Initial") == nil)
        #expect(upgrade.header("X-Served-By") == "test")
    }

    @Test("lets a direct WebSocket handshake wait for the asynchronous check, then switch protocols or refuse")
    func asyncCheckOnWebSocket() throws {
        let gate = AsyncGate()
        defer { gate.open() }
        let errors = Recorded<EngineConnectionError>()
        let engine = try EngineTestServer({ configuration in
            configuration.allowRequestAsync = { request in
                await gate.wait()
                return request.queryValue("token") == "good" ? .accept : .reject(message: "bad token")
            }
        }) { engine in
            engine.register(EngineWebSocketProvider(configuration: engine.configuration))
            engine.onConnectionError { errors.append($0) }
        }
        defer { engine.stop() }
        let client = try engine.server.client()
        try client.send(upgradeRequest(path: "/engine.io/?EIO=4&transport=websocket&token=good"))
        #expect(gate.arrived.wait(timeout: .seconds(2)))
        gate.open()
        #expect(try client.readResponse(headRequest: true).status == 101)
        let open = try client.readFrame()
        #expect(String(decoding: open.payload, as: UTF8.self).hasPrefix("0{\"sid\":\""))
        let refused = try Self.upgrade(engine, query: "&token=bad")
        #expect(refused.status == 400)
        #expect(refused.header("Connection") == "close")
        #expect(errors.all.map(\.code) == [4])
        #expect(errors.all.first?.context == ["message": "bad token"])
    }
}
