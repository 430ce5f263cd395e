// SPDX-License-Identifier: MIT

import SIOLoops
import SIOMsgpackParser
import SIOServer
import SIOTestSupport
import Testing

/// The loop adapter hands every loop the messages it encoded once: with `parser = .msgpack`, those are the msgpack
/// parser's, not the default parser's.
@Suite("The msgpack parser across the event loops of one process")
struct MessagePackLoopTests {
    @Test("a broadcast from one loop reaches the WebSocket clients of both loops as the same single binary frame")
    func broadcastAcrossLoops() throws {
        var configuration = ServerConfiguration()
        configuration.parser = .msgpack
        let servers = try LoopGroupServers(configuration: configuration) { io in
            io.onConnection { socket in socket.on("shout") { args in io.emit("shout", args) } }
        }
        defer { servers.stop() }
        let clients = try servers.ports.map { port in
            try WebSocketClient(port: port, path: "/socket.io/?EIO=4&transport=websocket")
        }
        for client in clients {
            guard case .text = try client.receiveMessage() else { Issue.record("no open packet"); return }
            // {type: 0, data: {}, nsp: "/"}
            try client.send(.binary(hex("83 a4 74 79 70 65 00 a4 64 61 74 61 80 a3 6e 73 70 a1 2f")))
            guard case .binary = try client.receiveMessage() else { Issue.record("no binary CONNECT reply"); return }
        }

        // {type: 2, data: ["shout", <ff 00>], nsp: "/"}
        let shout = "83 a4 74 79 70 65 02 a4 64 61 74 61 92 a5 73 68 6f 75 74 c4 02 ff 00 a3 6e 73 70 a1 2f"
        try clients[1].send(.binary(hex(shout)))
        for client in clients { #expect(try client.receiveMessage() == .binary(hex(shout))) }
    }
}
