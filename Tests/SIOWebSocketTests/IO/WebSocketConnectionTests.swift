// SPDX-License-Identifier: MIT

import SIOTestSupport
import SIOWebSocket
import Testing

/// Messages, fragments, pings and the closing handshake over a real socket (RFC 6455 §5, §7).
@Suite("WebSocket connection, live")
struct WebSocketConnectionTests {
    @Test("echoes text and binary messages of every length form (7-bit, 16-bit and 64-bit)")
    func echo() throws {
        let server = try WebSocketTestServer()
        defer { server.stop() }
        let client = try server.webSocketClient()
        let messages: [WebSocketMessage] = [
            .text("hello"), .text("héllo wörld ☃"), .text(""), .binary([0, 1, 2, 255]),
            .text(String(repeating: "x", count: 300)), .binary([UInt8](repeating: 7, count: 70_000)),
        ]
        for message in messages {
            try client.send(message)
            #expect(try client.receive() == .message(message))
        }
    }

    @Test("joins fragments, answering a ping sent between them first (RFC 6455 §5.4)")
    func fragmentsWithInterleavedPing() throws {
        let server = try WebSocketTestServer()
        defer { server.stop() }
        let client = try server.upgradedRawClient()
        let euro: [UInt8] = Array("€".utf8)
        try client.send(frame: WebSocketFrame(fin: false, opcode: .text, payload: Array("Hel".utf8) + euro[0..<1]))
        try client.send(frame: .ping(Array("are you there".utf8)))
        try client.send(frame: WebSocketFrame(fin: false, opcode: .continuation, payload: Array(euro[1...])))
        try client.send(frame: WebSocketFrame(fin: true, opcode: .continuation, payload: Array("lo".utf8)))
        #expect(try client.readFrame() == .pong(Array("are you there".utf8)))
        #expect(try client.readFrame() == .text("Hel€lo"))
    }

    @Test("answers the client's close with the same code, then closes TCP first (RFC 6455 §7.1.1)")
    func clientCloses() throws {
        let server = try WebSocketTestServer()
        defer { server.stop() }
        let client = try server.webSocketClient()
        #expect(try client.close(code: WebSocketCloseCode(rawValue: 4000), reason: "bye") == .closed(code: WebSocketCloseCode(rawValue: 4000), reason: ""))
        #expect(server.echo.firstCloseEvent() == .peerClosed(code: WebSocketCloseCode(rawValue: 4000), reason: "bye"))
    }

    @Test("answers an empty close frame with 1000")
    func emptyClose() throws {
        let server = try WebSocketTestServer()
        defer { server.stop() }
        let client = try server.upgradedRawClient()
        try client.send(frame: .close(code: nil))
        #expect(try client.readCloseCode() == .normalClosure)
        #expect(client.isClosedByPeer())
        #expect(server.echo.firstCloseEvent() == .peerClosed(code: nil, reason: ""))
    }

    @Test("runs a server-initiated closing handshake to its end")
    func serverCloses() throws {
        let server = try WebSocketTestServer()
        defer { server.stop() }
        let client = try server.webSocketClient()
        try client.send(.text("please close"))
        #expect(try client.receive() == .closed(code: WebSocketCloseCode(rawValue: 4000), reason: "as you wish"))
        #expect(server.echo.firstCloseEvent() == .closedByUs(code: WebSocketCloseCode(rawValue: 4000)))
    }

    @Test("drops the connection when the peer never answers our close frame")
    func closeTimeout() throws {
        let server = try WebSocketTestServer(WebSocketConnection.Configuration(closeTimeout: .milliseconds(100)))
        defer { server.stop() }
        let client = try server.upgradedRawClient()
        try client.send(frame: .text("please close"))
        #expect(try client.readCloseCode() == WebSocketCloseCode(rawValue: 4000))
        #expect(client.isClosedByPeer())
        #expect(server.echo.firstCloseEvent() == .closedByUs(code: WebSocketCloseCode(rawValue: 4000)))
    }

    @Test("pings a quiet peer, and drops it when it stays silent for a whole interval")
    func serverPings() throws {
        let server = try WebSocketTestServer(WebSocketConnection.Configuration(pingInterval: .milliseconds(100)))
        defer { server.stop() }
        let client = try server.upgradedRawClient()
        #expect(try client.readFrame() == .ping())
        try client.send(frame: .pong())
        #expect(try client.readFrame() == .ping())
        #expect(client.isClosedByPeer())
        #expect(server.echo.firstCloseEvent() == .connectionLost)
    }

    @Test("reports a peer that vanishes without a close frame as a lost connection (1006)")
    func peerVanishes() throws {
        let server = try WebSocketTestServer()
        defer { server.stop() }
        do {
            let client = try server.upgradedRawClient()
            try client.send(frame: .text("hi"))
            #expect(try client.readFrame() == .text("hi"))
        }
        #expect(server.echo.firstCloseEvent() == .connectionLost)
    }

    @Test("says goodbye with 1001 when the server shuts down")
    func shutdown() throws {
        let server = try WebSocketTestServer()
        defer { server.stop() }
        let client = try server.webSocketClient()
        try server.server.onLoop { server.server.server.shutdown {} }
        #expect(try client.receive() == .closed(code: .goingAway, reason: "server shutting down"))
    }
}
