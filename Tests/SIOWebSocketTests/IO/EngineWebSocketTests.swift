// SPDX-License-Identifier: MIT

import SIOEngineIO
import SIOTestSupport
import SIOWebSocket
import Testing

/// Engine.IO over WebSocket (Engine.IO v4 spec, "WebSocket" and "Upgrade"), against a real server on port 0.
@Suite("Engine.IO websocket transport, live")
struct EngineWebSocketTests {
    @Test("opens a WebSocket-only session whose first frame is the open packet with no upgrades")
    func webSocketOnlyHandshake() throws {
        let engine = try EngineTestServer.withWebSocket()
        defer { engine.stop() }
        let socket = try engine.webSocket()
        let open = try socket.receiveText()
        #expect(open.hasPrefix("0{\"sid\":\""))
        #expect(open.hasSuffix("\",\"upgrades\":[],\"pingInterval\":25000,\"pingTimeout\":20000,\"maxPayload\":1000000}"))
    }

    @Test("advertises the websocket upgrade in polling handshakes once registered")
    func pollingAdvertisesUpgrade() throws {
        let engine = try EngineTestServer.withWebSocket()
        defer { engine.stop() }
        #expect(try engine.pollingHandshake().open.contains("\"upgrades\":[\"websocket\"]"))
    }

    @Test("echoes a text packet as a text frame and a binary message as a raw binary frame")
    func echo() throws {
        let engine = try EngineTestServer.withWebSocket()
        defer { engine.stop() }
        let socket = try engine.webSocket()
        _ = try socket.receiveText()
        try socket.send(.text("4hello ☃"))
        #expect(try socket.receive() == .message(.text("4hello ☃")))
        try socket.send(.binary([1, 2, 3, 4]))
        #expect(try socket.receive() == .message(.binary([1, 2, 3, 4])))
    }

    /// With three loops, the handshake lands on loop 0, the long-poll on loop 1 and the upgrade on loop 2: both
    /// move to loop 0, which owns the session.
    @Test(
        "upgrades a polling session: 2probe, 3probe, the pending GET gets 6, then 5 (one loop, and three loops)",
        arguments: [1, 3])
    func upgrade(loops: Int) throws {
        let engine = try EngineTestServer.withWebSocket(loops: loops)
        defer { engine.stop() }
        let (sid, _) = try engine.pollingHandshake()
        let pendingPoll = try engine.startPoll(sid)
        let socket = try engine.webSocket(sid: sid)
        try socket.send(.text("2probe"))
        #expect(try socket.receiveText() == "3probe")
        #expect(try pendingPoll.readResponse().text == "6")
        try socket.send(.text("5"))
        try socket.send(.text("4after the upgrade"))
        #expect(try socket.receiveText() == "4after the upgrade")
    }

    @Test("sends messages queued during the probe over the WebSocket once upgraded")
    func queuedDuringUpgrade() throws {
        let engine = try EngineTestServer.withWebSocket()
        defer { engine.stop() }
        let (sid, _) = try engine.pollingHandshake()
        let socket = try engine.webSocket(sid: sid)
        try socket.send(.text("2probe"))
        #expect(try socket.receiveText() == "3probe")
        #expect(try engine.post(sid, "4sent over polling").text == "ok")
        try socket.send(.text("5"))
        #expect(try socket.receiveText() == "4sent over polling")
    }

    @Test("refuses polling requests with the upgraded sid (400) and closes a second WebSocket on it")
    func afterUpgrade() throws {
        let engine = try EngineTestServer.withWebSocket()
        defer { engine.stop() }
        let (sid, _) = try engine.pollingHandshake()
        let socket = try engine.webSocket(sid: sid)
        try socket.send(.text("2probe"))
        #expect(try socket.receiveText() == "3probe")
        try socket.send(.text("5"))
        try socket.send(.text("4sync"))
        #expect(try socket.receiveText() == "4sync")
        #expect(try engine.poll(sid).status == 400)
        let second = try engine.webSocket(sid: sid)
        #expect(try second.receive() == .closed(code: .normalClosure, reason: ""))
        try socket.send(.text("4still here"))
        #expect(try socket.receiveText() == "4still here")
    }

    @Test("drops a probe that does not finish within upgradeTimeout; the session stays on polling")
    func upgradeTimeout() throws {
        let engine = try EngineTestServer.withWebSocket { $0.upgradeTimeout = .milliseconds(100) }
        defer { engine.stop() }
        let (sid, _) = try engine.pollingHandshake()
        let socket = try engine.webSocket(sid: sid)
        try socket.send(.text("2probe"))
        #expect(try socket.receiveText() == "3probe")
        #expect(try socket.receive() == .closed(code: .normalClosure, reason: ""))
        #expect(try engine.post(sid, "4polling again").text == "ok")
        #expect(try engine.poll(sid).text == "4polling again")
    }

    @Test("closes the session with parse error on a frame that is not a packet")
    func malformedPacket() throws {
        let engine = try EngineTestServer.withWebSocket()
        defer { engine.stop() }
        let socket = try engine.webSocket()
        _ = try socket.receiveText()
        try socket.send(.text("abc"))
        #expect(try socket.receive() == .closed(code: .normalClosure, reason: ""))
        #expect(engine.echo.firstCloseReason() == "parse error")
    }

    @Test("closes the session with transport close when the client sends 1")
    func clientClosePacket() throws {
        let engine = try EngineTestServer.withWebSocket()
        defer { engine.stop() }
        let socket = try engine.webSocket()
        _ = try socket.receiveText()
        try socket.send(.text("1"))
        #expect(try socket.receive() == .closed(code: .normalClosure, reason: ""))
        #expect(engine.echo.firstCloseReason() == "transport close")
    }

    @Test("closes the session with transport close when the client closes the WebSocket")
    func clientCloseFrame() throws {
        let engine = try EngineTestServer.withWebSocket()
        defer { engine.stop() }
        let socket = try engine.webSocket()
        _ = try socket.receiveText()
        _ = try socket.close()
        #expect(engine.echo.firstCloseReason() == "transport close")
    }

    @Test("closes with 1009 and transport error past maxPayload")
    func tooLarge() throws {
        let engine = try EngineTestServer.withWebSocket { $0.maxPayload = 1000 }
        defer { engine.stop() }
        let socket = try engine.webSocket()
        _ = try socket.receiveText()
        try socket.send(.text("4" + String(repeating: "x", count: 1000)))
        #expect(try socket.receive() == .closed(code: .messageTooBig, reason: "frame too large"))
        #expect(engine.echo.firstCloseReason() == "transport error")
    }

    @Test("pings over the WebSocket and closes with ping timeout when no pong comes")
    func pingTimeout() throws {
        let engine = try EngineTestServer.withWebSocket {
            $0.pingInterval = .milliseconds(50)
            $0.pingTimeout = .milliseconds(50)
        }
        defer { engine.stop() }
        let socket = try engine.webSocket()
        _ = try socket.receiveText()
        #expect(try socket.receiveText() == "2")
        try socket.send(.text("3"))
        #expect(try socket.receiveText() == "2")
        #expect(try socket.receive() == .closed(code: .normalClosure, reason: ""))
        #expect(engine.echo.firstCloseReason() == "ping timeout")
    }
}
