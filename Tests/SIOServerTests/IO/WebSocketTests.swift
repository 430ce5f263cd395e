// SPDX-License-Identifier: MIT

import SIOServer
import SIOTestSupport
import SIOWebSocket
import Testing

@Suite("Socket.IO over a live WebSocket")
struct WebSocketTests {
    @Test("a WebSocket-only client connects, and a binary event with an ack is answered frame by frame")
    func binaryAckOverWebSocket() throws {
        let server = try SocketIOTestServer { io in
            io.onConnection { socket in socket.on("echo") { args, ack in ack?(args) } }
        }
        defer { server.stop() }
        let client = try WebSocketClient(port: server.port, path: "/socket.io/?EIO=4&transport=websocket")
        guard case .text(let open) = try client.receiveMessage() else { Issue.record("no open packet"); return }
        #expect(open.hasPrefix("0{") && open.contains(#""upgrades":[]"#))

        try client.send(.text("40"))
        guard case .text(let reply) = try client.receiveMessage() else { Issue.record("no CONNECT reply"); return }
        #expect(reply.hasPrefix(#"40{"sid":""#))

        try client.send(.text(#"451-3["echo",{"_placeholder":true,"num":0},"x"]"#))
        try client.send(.binary([0, 1, 255]))
        #expect(try client.receiveMessage() == .text(#"461-3[{"_placeholder":true,"num":0},"x"]"#))
        #expect(try client.receiveMessage() == .binary([0, 1, 255]))

        let transport = try server.onLoop { server.io.sockets.sockets.values.first?.conn.transportName }
        #expect(transport == "websocket")
    }
}
