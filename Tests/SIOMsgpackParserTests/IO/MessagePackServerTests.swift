// SPDX-License-Identifier: MIT

import SIOHTTP
import SIOMsgpackParser
import SIOServer
import SIOTestSupport
import SIOWebSocket
import Testing

/// A server with `parser = .msgpack` on port 0, over a raw WebSocket: every packet is one binary frame.
@Suite("A live server with the msgpack parser")
struct MessagePackServerTests {
    /// Starts the server on its own loop; `echo` acknowledges with its arguments, `shout` is re-emitted to everyone.
    /// The test keeps `http` alive: it owns the listener and the routes.
    private func start() throws -> (thread: LoopThread, http: HTTPServer, io: Server, port: Int) {
        let thread = try LoopThread()
        let (http, io, port) = try thread.sync {
            let http = HTTPServer(loop: thread.loop)
            var configuration = ServerConfiguration()
            configuration.parser = .msgpack
            let io = Server(http: http, configuration: configuration)
            io.onConnection { socket in
                socket.on("echo") { args, ack in ack?(args) }
                socket.on("shout") { args in io.emit("shout", args) }
            }
            return (http, io, try http.start(host: "127.0.0.1", port: 0))
        }
        return (thread, http, io, port)
    }

    private func connect(port: Int) throws -> WebSocketClient {
        let client = try WebSocketClient(port: port, path: "/socket.io/?EIO=4&transport=websocket")
        guard case .text(let open) = try client.receiveMessage() else { throw WebSocketClient.Failure.closed }
        #expect(open.hasPrefix("0{"))
        return client
    }

    @Test("a client connects, and events with bytes are acknowledged and broadcast as single binary frames")
    func eventsAndAcks() throws {
        let server = try start()
        defer { server.thread.stop() }
        let client = try connect(port: server.port)

        // python-socketio's CONNECT: {type: 0, data: {}, nsp: "/"}
        try client.send(.binary(hex("83 a4 74 79 70 65 00 a4 64 61 74 61 80 a3 6e 73 70 a1 2f")))
        guard case .binary(let reply) = try client.receiveMessage() else { Issue.record("no binary CONNECT"); return }
        var decoder = MessagePackSocketIOParser().makeDecoder(maxAttachments: 0)
        let connected = try #require(try decoder.decode(.binary(reply)))
        #expect(connected.type == .connect && connected.namespace == "/")
        let sid = try #require(connected.data?["sid"]?.stringValue)
        #expect(server.thread.sync { server.io.sockets.sockets.keys.contains(sid) })

        // {type: 2, data: ["echo", <01 02 03>], nsp: "/", id: 12} -> {type: 3, data: [<01 02 03>], nsp: "/", id: 12}
        try client.send(.binary(hex(
            "84 a4 74 79 70 65 02 a4 64 61 74 61 92 a4 65 63 68 6f c4 03 01 02 03 a3 6e 73 70 a1 2f a2 69 64 0c")))
        #expect(try client.receiveMessage() == .binary(hex(
            "84 a4 74 79 70 65 03 a4 64 61 74 61 91 c4 03 01 02 03 a3 6e 73 70 a1 2f a2 69 64 0c")))

        // {type: 2, data: ["shout", 1.5], nsp: "/"}, broadcast back to the sender
        let shout = "83 a4 74 79 70 65 02 a4 64 61 74 61 92 a5 73 68 6f 75 74 cb 3f f8 00 00 00 00 00 00 a3 6e 73 70 a1 2f"
        try client.send(.binary(hex(shout)))
        #expect(try client.receiveMessage() == .binary(hex(shout)))
    }

    @Test("a client of the default parser is refused at its first packet: the connection closes")
    func textPacketCloses() throws {
        let server = try start()
        defer { server.thread.stop() }
        let client = try connect(port: server.port)
        #expect(server.thread.sync { server.io.engine.sessions.count } == 1)
        try client.send(.text("40"))
        guard case .closed = try client.receive() else {
            Issue.record("the server answered a text CONNECT")
            return
        }
        #expect(server.thread.sync { server.io.engine.sessions.isEmpty && server.io.sockets.sockets.isEmpty })
    }
}
