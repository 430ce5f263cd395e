// SPDX-License-Identifier: MIT

import SIOHTTP
import SIOServer
import SIOTestSupport
import Testing

@Suite("Socket.IO events and acknowledgements over live long-polling")
struct EventTests {
    @Test("a client event reaches its handler, and the server's emit arrives as 42[...]")
    func eventsBothWays() throws {
        let recorder = Recorder()
        let server = try SocketIOTestServer { io in
            io.onConnection { socket in
                socket.on("chat") { args in
                    recorder.record("\(args)")
                    socket.emit("chat", .string("re: " + (args.first?.stringValue ?? "")), 2, ["ok": true])
                }
            }
        }
        defer { server.stop() }
        let client = try server.client()
        try client.connect()
        try client.post(#"42["chat","hello",{"n":1}]"#)
        #expect(try client.next() == #"42["chat","re: hello",2,{"ok":true}]"#)
        #expect(recorder.all == [#"["hello", {"n":1}]"#])
    }

    @Test("events in a custom namespace carry its name on the wire")
    func namespacedEvents() throws {
        let server = try SocketIOTestServer { io in
            io.of("/admin").onConnection { socket in
                socket.on("echo") { args, ack in ack?(args) }
                socket.send("hi")
            }
        }
        defer { server.stop() }
        let client = try server.client()
        try client.connect("/admin")
        #expect(try client.next() == #"42/admin,["message","hi"]"#)
        try client.post(#"42/admin,7["echo",1,"2"]"#)
        #expect(try client.next() == #"43/admin,7[1,"2"]"#)
    }

    @Test("a client ack request gives the handler an ack that answers once with 43<id>[...]")
    func answersClientAck() throws {
        let server = try SocketIOTestServer { io in
            io.onConnection { socket in
                socket.on("echo") { args, ack in
                    ack?(args)
                    ack?("second call is ignored")
                }
                socket.on("no-ack") { _, ack in socket.emit("had ack", .bool(ack != nil)) }
            }
        }
        defer { server.stop() }
        let client = try server.client()
        try client.connect()
        try client.post(#"42456["echo",1,"2",{"3":[false]}]"#, #"42["no-ack"]"#)
        #expect(try client.next(2) == [#"43456[1,"2",{"3":[false]}]"#, #"42["had ack",false]"#])
    }

    @Test("binary arguments arrive as bytes and go out as placeholders plus b64 attachments")
    func binaryBothWays() throws {
        let recorder = Recorder()
        let server = try SocketIOTestServer { io in
            io.onConnection { socket in
                socket.on("upload") { args, ack in
                    recorder.record("\(args)")
                    ack?(args)
                }
            }
        }
        defer { server.stop() }
        let client = try server.client()
        try client.connect()
        try client.post(#"452-9["upload",{"_placeholder":true,"num":0},{"name":"a","data":{"_placeholder":true,"num":1}}]"#, "bAQID", "bBAUG")
        #expect(try client.next(3) == [
            #"462-9[{"_placeholder":true,"num":0},{"name":"a","data":{"_placeholder":true,"num":1}}]"#, "bAQID", "bBAUG",
        ])
        #expect(recorder.all == [#"[<Buffer 01 02 03>, {"name":"a","data":<Buffer 04 05 06>}]"#])
    }

    @Test("the server asks for an ack and gets the client's answer")
    func serverAsksForAck() throws {
        let recorder = Recorder()
        let server = try SocketIOTestServer { io in
            io.onConnection { socket in
                socket.emit("question", "6 x 7?") { result in recorder.record("\(result)") }
            }
        }
        defer { server.stop() }
        let client = try server.client()
        try client.connect()
        #expect(try client.next() == #"420["question","6 x 7?"]"#)
        try client.post(#"430[42]"#)
        try client.post(#"430["late duplicate"]"#)
        #expect(recorder.all == ["success([42])"])
    }

    @Test("an ack that does not arrive within the timeout fails with timedOut, and a late answer is ignored")
    func ackTimesOut() throws {
        let clock = ManualClock()
        let recorder = Recorder()
        let server = try SocketIOTestServer(clock: clock) { io in
            io.onConnection { socket in
                socket.timeout(.seconds(2)).emit("question") { result in recorder.record("\(result)") }
            }
        }
        defer { server.stop() }
        let client = try server.client()
        try client.connect()
        #expect(try client.next() == #"420["question"]"#)
        try server.advance(by: .milliseconds(1999))
        #expect(recorder.all.isEmpty)
        try server.advance(by: .milliseconds(1))
        #expect(recorder.all == ["failure(operation has timed out)"])
        try client.post("430[1]")
        #expect(recorder.all == ["failure(operation has timed out)"])
    }

    @Test("an answer within the timeout cancels it")
    func ackBeatsTimeout() throws {
        let clock = ManualClock()
        let recorder = Recorder()
        let server = try SocketIOTestServer(clock: clock) { io in
            io.onConnection { socket in
                socket.timeout(.seconds(2)).emit("question") { result in recorder.record("\(result)") }
            }
        }
        defer { server.stop() }
        let client = try server.client()
        try client.connect()
        _ = try client.next()
        try server.advance(by: .seconds(1))
        try client.post("430[true]")
        try server.advance(by: .seconds(5))
        #expect(recorder.all == ["success([true])"])
    }

    @Test("emitWithAck awaits the client's answer from any task, and fails with disconnected when the socket leaves")
    func emitWithAck() async throws {
        let server = try SocketIOTestServer()
        defer { server.stop() }
        let client = try server.client()
        let id = try client.connect()
        let socket = try server.onLoop { server.io.sockets.sockets[id]! }

        // The client's side runs on its own thread; the test only awaits the server's side, so it
        // does not depend on a free thread in the cooperative pool (see `BackgroundThread`).
        let answering = BackgroundThread { () throws -> String in
            let packet = try client.next()
            try client.post("430[42]")
            return packet
        }
        let value = try await socket.emitWithAck("question", "6 x 7?")
        #expect(value == [42])
        #expect(try answering.result() == #"420["question","6 x 7?"]"#)

        let leaving = BackgroundThread { () throws -> String in
            let packet = try client.next()
            try client.post("41")
            return packet
        }
        do {
            _ = try await socket.emitWithAck("another")
            Issue.record("emitWithAck returned after the socket left")
        } catch {
            #expect(error as? AckError == .disconnected)
        }
        #expect(try leaving.result() == #"421["another"]"#)
    }

    @Test("reserved event names are refused: emit returns false and sends nothing, emitWithAck throws")
    func refusesReservedNames() async throws {
        let server = try SocketIOTestServer()
        defer { server.stop() }
        let client = try server.client()
        let id = try client.connect()
        let socket = try server.onLoop { server.io.sockets.sockets[id]! }
        let refused = try server.onLoop {
            SocketIOPacket.reservedEventNames.sorted().map { name in
                socket.emit(name) || server.io.emit(name) || socket.to("room").emit(name)
            }
        }
        #expect(refused == Array(repeating: false, count: 6))
        await #expect(throws: ReservedEventNameError(name: "disconnect")) { try await socket.emitWithAck("disconnect") }
        _ = try server.onLoop { socket.emit("fine") }
        #expect(try client.next() == #"42["fine"]"#)
    }

    @Test("catch-all listeners see every incoming and outgoing event, and can be removed")
    func catchAllListeners() throws {
        let recorder = Recorder()
        let server = try SocketIOTestServer { io in
            io.onConnection { socket in
                let first = socket.onAny { event, args in recorder.record("in \(event) \(args)") }
                socket.prependAny { event, _ in recorder.record("first in \(event)") }
                socket.onAnyOutgoing { event, args in recorder.record("out \(event) \(args)") }
                socket.on("ping") { _ in
                    socket.emit("pong", 1)
                    socket.offAny(first)
                }
            }
        }
        defer { server.stop() }
        let client = try server.client()
        try client.connect()
        try client.post(#"42["ping","a"]"#)
        try client.post(#"42["ping","b"]"#)
        _ = try client.next(2)
        #expect(recorder.all == [
            "first in ping", #"in ping ["a"]"#, "out pong [1]", "first in ping", "out pong [1]",
        ])
    }
}
