// SPDX-License-Identifier: MIT

import SIOHTTP
import SIOTestSupport
import SIOWebSocket
import Synchronization

/// Echoes every message, closes with 4000 when asked to ("please close"), and records how sockets end.
final class RecordingWebSocketEcho: WebSocketDelegate, @unchecked Sendable {
    let closed = Flag()
    private let events = Mutex<[WebSocketCloseEvent]>([])

    var closeEvents: [WebSocketCloseEvent] { events.withLock { $0 } }

    func webSocket(_ socket: WebSocketConnection, didReceive message: WebSocketMessage) {
        if message == .text("please close") {
            socket.close(code: WebSocketCloseCode(rawValue: 4000), reason: "as you wish")
        } else {
            socket.send(message)
        }
    }

    func webSocket(_ socket: WebSocketConnection, didCloseWith event: WebSocketCloseEvent) {
        events.withLock { $0.append(event) }
        closed.set()
    }

    /// The first close event, once one arrived (within two seconds).
    func firstCloseEvent() -> WebSocketCloseEvent? {
        guard closed.wait(timeout: .seconds(2)) else { return nil }
        return closeEvents.first
    }
}

/// An HTTP server on port 0 with a WebSocket echo at `/echo`.
struct WebSocketTestServer {
    let server: TestServer
    let echo = RecordingWebSocketEcho()

    init(_ configuration: WebSocketConnection.Configuration = .init()) throws {
        let echo = echo
        server = try TestServer { http in
            http.mountWebSocket("/echo", configuration: configuration) { socket, _ in socket.delegate = echo }
        }
    }

    var port: Int { server.port }

    func stop() { server.stop() }

    /// A raw TCP client that has completed the opening handshake of `/echo`.
    func upgradedRawClient() throws -> RawClient {
        let client = try server.client()
        try client.send(upgradeRequest())
        let response = try client.readResponse()
        guard response.status == 101 else { throw RawClient.Failure(description: "status \(response.status)") }
        return client
    }

    /// A `WebSocketClient` connected to `/echo`.
    func webSocketClient() throws -> WebSocketClient {
        try WebSocketClient(port: port, path: "/echo")
    }
}

/// The sample key of RFC 6455 §1.3, whose accept key is `s3pPLMBiTxaQ9kYGzzhZRbK+xOo=`.
let sampleKey = "dGhlIHNhbXBsZSBub25jZQ=="

/// An upgrade request for `path`, with the header lines given (the valid set by default).
func upgradeRequest(
    path: String = "/echo", requestLine: String? = nil, headers: [String]? = nil
) -> String {
    let lines = headers ?? [
        "Host: localhost", "Upgrade: websocket", "Connection: Upgrade", "Sec-WebSocket-Key: \(sampleKey)",
        "Sec-WebSocket-Version: 13",
    ]
    return (requestLine ?? "GET \(path) HTTP/1.1") + "\r\n" + lines.map { $0 + "\r\n" }.joined() + "\r\n"
}

extension RawClient {
    /// Reads one frame the server sent (unmasked), waiting for its bytes.
    func readFrame() throws -> WebSocketFrame {
        while true {
            var parser = WebSocketFrameParser(role: .client, maxFrameSize: 1 << 24, allowsCompression: true)
            parser.append(buffer)
            if case .frame(let frame) = try parser.nextFrame() {
                // Servers write the shortest length form, so the frame's size on the wire is its re-encoding's.
                _ = try read(count: frame.encodedHeader().count + frame.payload.count)
                return frame
            }
            guard try fill() else { throw Failure(description: "connection closed while waiting for a frame") }
        }
    }

    /// Sends `frame` masked, as a client must.
    func send(frame: WebSocketFrame, key: WebSocketMaskingKey = WebSocketMaskingKey(1, 2, 3, 4)) throws {
        try send(frame.encoded(maskingKey: key))
    }

    /// Reads frames until a close frame and returns its code (`nil` for an empty close).
    func readCloseCode() throws -> WebSocketCloseCode? {
        while true {
            let frame = try readFrame()
            if frame.opcode == .close { return try frame.closeStatus()?.code }
        }
    }
}
