// SPDX-License-Identifier: MIT

import SIOHTTP
import SIOServer
import Testing

/// Async code in handlers runs on the socket's loop (`socket.task`), and loop-bound state is checked.
@Suite("Loop isolation")
struct LoopIsolationTests {
    @Test("awaiting emitWithAck in a handler's task resumes on the socket's loop, where socket.rooms is read")
    func awaitingAnAckResumesOnTheLoop() throws {
        let recorder = Recorder()
        let server = try SocketIOTestServer { io in
            io.onConnection { socket in
                socket.on("quiz") { _ in
                    socket.task {
                        let answer = try await socket.emitWithAck("question", "6 x 7?")
                        recorder.record("answer \(answer == [42]), on the loop \(socket.loop.inEventLoop)")
                        socket.join("answered")
                        recorder.record("rooms \(socket.rooms.subtracting([socket.id]).sorted())")
                        socket.emit("done")
                    }
                }
            }
        }
        defer { server.stop() }
        let client = try server.client()
        try client.connect()
        try client.post(#"42["quiz"]"#)
        #expect(try client.next() == #"420["question","6 x 7?"]"#)
        try client.post("430[42]")
        #expect(try client.next() == #"42["done"]"#)
        #expect(recorder.all == ["answer true, on the loop true", #"rooms ["answered"]"#])
    }

    @Test("awaiting a broadcast's acknowledgements in a handler's task resumes on the loop")
    func awaitingBroadcastAcksResumesOnTheLoop() throws {
        let recorder = Recorder()
        let server = try SocketIOTestServer { io in
            io.onConnection { socket in
                socket.on("vote") { _ in
                    socket.task {
                        let answers = try await io.timeout(.seconds(30)).emitWithAck("ballot")
                        recorder.record("\(answers.count) answer, on the loop \(socket.loop.inEventLoop)")
                        socket.emit("counted")
                    }
                }
            }
        }
        defer { server.stop() }
        let client = try server.client()
        try client.connect()
        try client.post(#"42["vote"]"#)
        #expect(try client.next() == #"420["ballot"]"#)
        try client.post(#"430["yes"]"#)
        #expect(try client.next() == #"42["counted"]"#)
        #expect(recorder.all == ["1 answer, on the loop true"])
    }

    @Test("a socket's task started from another thread runs on the socket's loop")
    func taskFromAnotherThread() async throws {
        let server = try SocketIOTestServer()
        defer { server.stop() }
        let client = try server.client()
        let id = try client.connect()
        let socket = try server.onLoop { server.io.sockets.sockets[id]! }
        let rooms = await socket.task {
            socket.join("later")
            return socket.rooms.subtracting([socket.id])
        }.value
        #expect(rooms == ["later"])
    }

    #if DEBUG
    @Test("reading socket.data off its loop traps in a debug build, with a message naming the loop")
    func offLoopAccessTraps() async throws {
        let result = try await #require(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let server = try SocketIOTestServer()
            let client = try server.client()
            let id = try client.connect()
            let socket = try server.onLoop { server.io.sockets.sockets[id]! }
            _ = socket.data
        }
        let message = String(decoding: result.standardErrorContent, as: UTF8.self)
        #expect(message.contains("Socket.data of"))
        #expect(message.contains("is bound to event loop"))
    }
    #endif
}
