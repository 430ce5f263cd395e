// SPDX-License-Identifier: MIT

import SIOEngineIO
import SIOHTTP
import SIOTestSupport
import SIOWebSocket
import Testing

/// The WebSocket of the last upgrade (loop thread only).
// `@unchecked Sendable`, test-only: it is made before the server's loop exists (so no `LoopBound`), then written
// by a handler on that loop and read there through `server.onLoop`.
final class WebSocketSlot: @unchecked Sendable {
    var socket: WebSocketConnection?
}

/// A WebSocket client that floods pings and never reads the pongs: bounded by the connection's budget.
@Suite("WebSocket back-pressure")
struct WebSocketBackPressureTests {
    /// A 125-byte ping (the largest control frame), masked: 131 bytes on the wire; its pong is 127.
    static let ping = WebSocketFrame.ping([UInt8](repeating: 0x70, count: 125)).encoded(
        maskingKey: WebSocketMaskingKey(1, 2, 3, 4))
    static let pongSize = 127

    /// An echo at `/echo` under small limits: pause past 64 KiB queued, resume under 16 KiB, cap 256 KiB.
    static func server(
        echo: RecordingWebSocketEcho, slot: WebSocketSlot, slowReaderTimeout: Duration = .seconds(60)
    ) throws -> TestServer {
        var configuration = HTTPServer.Configuration()
        configuration.connectionLimits.highWaterMark = 64 << 10
        configuration.connectionLimits.lowWaterMark = 16 << 10
        configuration.connectionLimits.maxQueuedBytes = 256 << 10
        configuration.connectionLimits.slowReaderTimeout = slowReaderTimeout
        return try TestServer(configuration: configuration) { http in
            http.mountWebSocket("/echo") { socket, _ in
                socket.delegate = echo
                slot.socket = socket
            }
        }
    }

    static func flooder(of server: TestServer) throws -> RawClient {
        let client = try server.client()
        client.shrinkSendBuffer()
        try client.send(upgradeRequest())
        #expect(try client.readResponse().status == 101)
        return client
    }

    @Test("stops reading a ping flood that reads no pongs, then answers every ping once the client reads")
    func pingFloodPaused() throws {
        let echo = RecordingWebSocketEcho()
        let slot = WebSocketSlot()
        let server = try Self.server(echo: echo, slot: slot)
        defer { server.stop() }
        let client = try Self.flooder(of: server)
        let sent = try client.sendUntilBlocked(Self.ping, limit: 64 << 20)
        #expect(sent < 64 << 20, "the server stopped reading, so the client's sends stopped")
        let state = try server.onLoop { () -> (Bool, Bool, Int, Int)? in
            guard let connection = slot.socket?.connection else { return nil }
            return (connection.isBackPressured, connection.isReadingPaused, connection.queuedBytes,
                    server.server.statistics.overflowDisconnects)
        }
        let (backPressured, paused, queued, overflows) = try #require(state)
        #expect(backPressured && paused)
        #expect(queued <= 256 << 10)
        #expect(overflows == 0)
        _ = try client.read(count: sent / Self.ping.count * Self.pongSize)
        try client.send(Array(Self.ping[(sent % Self.ping.count)...]))
        try client.send(frame: .text("still here"))
        var frame = try client.readFrame()
        while frame.opcode == .pong { frame = try client.readFrame() }
        #expect(frame == .text("still here"))
    }

    @Test("disconnects a ping flood that stays over the high-water mark past the slow-reader timeout")
    func pingFloodDisconnected() throws {
        let echo = RecordingWebSocketEcho()
        let slot = WebSocketSlot()
        let server = try Self.server(echo: echo, slot: slot, slowReaderTimeout: .milliseconds(200))
        defer { server.stop() }
        let client = try Self.flooder(of: server)
        _ = try? client.sendUntilBlocked(Self.ping, limit: 64 << 20)
        #expect(echo.firstCloseEvent() == .connectionLost)
        let statistics = try server.onLoop { server.server.statistics }
        #expect(statistics.slowReaderDisconnects == 1)
        #expect(statistics.overflowDisconnects == 0)
    }

    @Test("closes the Engine.IO session of a ping flood over the slow-reader timeout with transport close")
    func engineSessionClosed() throws {
        let echo = RecordingEngineEcho()
        var configuration = HTTPServer.Configuration()
        configuration.connectionLimits.highWaterMark = 64 << 10
        configuration.connectionLimits.lowWaterMark = 16 << 10
        configuration.connectionLimits.slowReaderTimeout = .milliseconds(200)
        let server = try TestServer(configuration: configuration) { http in
            let engine = EngineServer(configuration: EngineConfiguration(), http: http)
            engine.delegate = echo
            engine.register(EngineWebSocketProvider(configuration: engine.configuration))
        }
        defer { server.stop() }
        let client = try server.client()
        client.shrinkSendBuffer()
        try client.send(upgradeRequest(path: "/engine.io/?EIO=4&transport=websocket"))
        #expect(try client.readResponse().status == 101)
        _ = try? client.sendUntilBlocked(Self.ping, limit: 64 << 20)
        #expect(echo.firstCloseReason() == "transport close")
        #expect(try server.onLoop { server.server.statistics.slowReaderDisconnects } == 1)
    }
}
