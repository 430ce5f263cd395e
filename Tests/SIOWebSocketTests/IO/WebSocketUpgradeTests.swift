// SPDX-License-Identifier: MIT

import SIOTestSupport
import SIOWebSocket
import Testing

/// The opening handshake over a real socket (RFC 6455 §4.2): 101, 400 and 426.
@Suite("WebSocket opening handshake, live")
struct WebSocketUpgradeTests {
    @Test("answers a valid upgrade with 101 and the accept key of RFC 6455 §1.3")
    func accepts() throws {
        let server = try WebSocketTestServer()
        defer { server.stop() }
        let client = try server.server.client()
        try client.send(upgradeRequest())
        let response = try client.readResponse()
        #expect(response.status == 101)
        #expect(response.header("Upgrade") == "websocket")
        #expect(response.header("Connection") == "Upgrade")
        #expect(response.header("Sec-WebSocket-Accept") == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
        #expect(response.header("Content-Length") == nil)
        #expect(response.header("Sec-WebSocket-Extensions") == nil)
    }

    @Test(
        "refuses a malformed upgrade with 400 and closes the connection",
        arguments: [
            ("POST /echo HTTP/1.1", ["Host: x", "Upgrade: websocket", "Connection: Upgrade", "Sec-WebSocket-Key: \(sampleKey)", "Sec-WebSocket-Version: 13", "Content-Length: 0"]),
            ("GET /echo HTTP/1.0", ["Host: x", "Upgrade: websocket", "Connection: Upgrade", "Sec-WebSocket-Key: \(sampleKey)", "Sec-WebSocket-Version: 13"]),
            ("GET /echo HTTP/1.1", ["Host: x", "Connection: Upgrade", "Sec-WebSocket-Key: \(sampleKey)", "Sec-WebSocket-Version: 13"]),
            ("GET /echo HTTP/1.1", ["Host: x", "Upgrade: h2c", "Connection: Upgrade", "Sec-WebSocket-Key: \(sampleKey)", "Sec-WebSocket-Version: 13"]),
            ("GET /echo HTTP/1.1", ["Host: x", "Upgrade: websocket", "Connection: keep-alive", "Sec-WebSocket-Key: \(sampleKey)", "Sec-WebSocket-Version: 13"]),
            ("GET /echo HTTP/1.1", ["Host: x", "Upgrade: websocket", "Connection: Upgrade", "Sec-WebSocket-Version: 13"]),
            ("GET /echo HTTP/1.1", ["Host: x", "Upgrade: websocket", "Connection: Upgrade", "Sec-WebSocket-Key: c2hvcnQ=", "Sec-WebSocket-Version: 13"]),
            ("GET /echo HTTP/1.1", ["Host: x", "Upgrade: websocket", "Connection: Upgrade", "Sec-WebSocket-Key: \(sampleKey)", "Sec-WebSocket-Key: \(sampleKey)", "Sec-WebSocket-Version: 13"]),
            ("GET /echo HTTP/1.1", ["Host: x"]),
        ])
    func rejects(requestLine: String, headers: [String]) throws {
        let server = try WebSocketTestServer()
        defer { server.stop() }
        let client = try server.server.client()
        try client.send(upgradeRequest(requestLine: requestLine, headers: headers))
        let response = try client.readResponse()
        #expect(response.status == 400)
        #expect(response.header("Sec-WebSocket-Accept") == nil)
        #expect(client.isClosedByPeer())
    }

    @Test("answers a version other than 13 with 426 and Sec-WebSocket-Version: 13", arguments: [["Sec-WebSocket-Version: 8"], []])
    func upgradeRequired(versionHeader: [String]) throws {
        let server = try WebSocketTestServer()
        defer { server.stop() }
        let client = try server.server.client()
        let headers = ["Host: x", "Upgrade: websocket", "Connection: Upgrade", "Sec-WebSocket-Key: \(sampleKey)"] + versionHeader
        try client.send(upgradeRequest(headers: headers))
        let response = try client.readResponse()
        #expect(response.status == 426)
        #expect(response.header("Sec-WebSocket-Version") == "13")
        // The connection stays usable: the client may retry with version 13 (RFC 6455 §4.4).
        try client.send(upgradeRequest())
        #expect(try client.readResponse().status == 101)
    }

    @Test("reads a frame the client sent right behind its upgrade request")
    func leftoverBytes() throws {
        let server = try WebSocketTestServer()
        defer { server.stop() }
        let client = try server.server.client()
        let frame = WebSocketFrame.text("early bird").encoded(maskingKey: WebSocketMaskingKey(9, 8, 7, 6))
        try client.send(Array(upgradeRequest().utf8) + frame)
        #expect(try client.readResponse().status == 101)
        #expect(try client.readFrame() == .text("early bird"))
    }

    @Test("lets the blocking client check the accept key and talk at once")
    func blockingClient() throws {
        let server = try WebSocketTestServer()
        defer { server.stop() }
        let client = try server.webSocketClient()
        #expect(client.responseHeaders.contains { $0.name == "Sec-WebSocket-Accept" })
        try client.send(.text("hi"))
        #expect(try client.receive() == .message(.text("hi")))
    }

    @Test("reports a refused upgrade to the blocking client as its status")
    func blockingClientRefused() throws {
        let server = try WebSocketTestServer()
        defer { server.stop() }
        #expect(throws: WebSocketClient.Failure.rejected(status: 404)) {
            _ = try WebSocketClient(port: server.port, path: "/nowhere")
        }
    }
}
