// SPDX-License-Identifier: MIT

import SIOEngineIO
import SIOServer
import SIOTestSupport
import SIOWebSocket
import Testing

/// Socket.IO's `compress(false)` reaches the WebSocket frame: RSV1 clear, where the default emit sets it.
@Suite("compress(false) over permessage-deflate, live")
struct CompressionTests {
    @Test func compressFalseOnASocketOrABroadcastSendsTheFrameUncompressed() throws {
        let big = SocketIOValue.string(String(repeating: "a chat message ", count: 200))
        let server = try SocketIOTestServer { io in
            io.onConnection { socket in
                socket.emit("a", big)
                socket.compress(false).emit("b", big)
                io.compress(false).emit("c", big)
                io.emit("d", big)
            }
        } configure: { $0.engine.perMessageDeflate = CompressionSettings() }
        defer { server.stop() }

        let client = try RawClient(port: server.port)
        try client.send(
            "GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\r\n")
        let response = try client.readResponse()
        #expect(response.header("Sec-WebSocket-Extensions")
            == "permessage-deflate; server_no_context_takeover; client_no_context_takeover")
        var parser = WebSocketFrameParser(role: .client, maxFrameSize: 1 << 20, allowsCompression: true)
        func nextFrame() throws -> WebSocketFrame {
            while true {
                parser.append(try client.read(count: client.buffer.count))
                if case .frame(let frame) = try parser.nextFrame() { return frame }
                guard try client.fill() else { throw RawClient.Failure(description: "closed") }
            }
        }
        #expect(try nextFrame().payload.first == UInt8(ascii: "0"))   // the open packet, too short to compress
        try client.send(WebSocketFrame.text("40").encoded(maskingKey: WebSocketMaskingKey(1, 2, 3, 4)))
        #expect(try nextFrame().compressed == false)                   // 40{"sid":…}
        let flags = try (0..<4).map { _ in try nextFrame().compressed }
        #expect(flags == [true, false, false, true])
    }
}
