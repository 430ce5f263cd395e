// SPDX-License-Identifier: MIT

import SIOHTTP
import SIOTestSupport
import Synchronization
import Testing

/// Clients that send and never read: the server stops reading them, serves everyone else, answers them
/// once they read, and disconnects them when they stay over budget (`ConnectionLimits`).
@Suite("Back-pressure")
struct BackPressureTests {
    /// Small limits, so that kilobytes exercise them: pause past 64 KiB queued, resume under 16 KiB, cap 256 KiB.
    static func limits(slowReaderTimeout: Duration = .seconds(60)) -> ConnectionLimits {
        var limits = ConnectionLimits()
        limits.highWaterMark = 64 << 10
        limits.lowWaterMark = 16 << 10
        limits.maxQueuedBytes = 256 << 10
        limits.slowReaderTimeout = slowReaderTimeout
        return limits
    }

    /// `/blob` answers 2 KiB, `/health` a few bytes, `/huge` 1 MiB (four times the cap) in one response.
    static func server(slowReaderTimeout: Duration = .seconds(60)) throws -> TestServer {
        var configuration = HTTPServer.Configuration()
        configuration.connectionLimits = limits(slowReaderTimeout: slowReaderTimeout)
        return try TestServer(configuration: configuration) { server in
            server.mount("/blob") { _, _ in .response(HTTPResponse(body: [UInt8](repeating: 0x62, count: 2048))) }
            server.mount("/health") { _, _ in .response(HTTPResponse(text: "ok")) }
            server.mount("/huge") { _, _ in .response(HTTPResponse(body: [UInt8](repeating: 0x68, count: 1 << 20))) }
        }
    }

    /// A 512-byte pipelined request for `/blob`.
    static let blobRequest = Array(("GET /blob HTTP/1.1\r\nHost: x\r\nX-Pad: " + String(repeating: "p", count: 472) + "\r\n\r\n").utf8)

    /// A client that pipelines `/blob` requests until the server stops taking them; returns it and the bytes sent.
    static func pipeliningClient(of server: TestServer) throws -> (RawClient, sent: Int) {
        #expect(blobRequest.count == 512)
        let client = try server.client()
        client.shrinkSendBuffer()
        return (client, try client.sendUntilBlocked(blobRequest, limit: 64 << 20))
    }

    @Test("stops reading a client that pipelines without reading, and answers every request once it reads")
    func pipeliningPaused() throws {
        let server = try Self.server()
        defer { server.stop() }
        let (client, sent) = try Self.pipeliningClient(of: server)
        #expect(sent < 64 << 20, "the server stopped reading, so the client's sends stopped")
        let statistics = try server.onLoop { server.server.statistics }
        #expect(statistics.overflowDisconnects == 0)
        #expect(statistics.slowReaderDisconnects == 0)
        #expect(statistics.openConnections == 1)
        // Every answer has the same size (the Date header has a fixed width): read them all as one block.
        let head = try client.read(until: Array("\r\n\r\n".utf8))
        #expect(String(decoding: head, as: UTF8.self).hasPrefix("HTTP/1.1 200 OK"))
        let answer = head.count + 2048
        let rest = try client.read(count: (sent / Self.blobRequest.count) * answer - head.count)
        #expect(rest.suffix(2048).allSatisfy { $0 == 0x62 }, "the last answer ends with a whole body")
    }

    @Test("serves another connection while one pipelines without reading")
    func othersServed() throws {
        let server = try Self.server()
        defer { server.stop() }
        let (_, sent) = try Self.pipeliningClient(of: server)
        #expect(sent < 64 << 20)
        let other = try server.client()
        try other.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try other.readResponse().text == "ok")
    }

    @Test("disconnects a client that stays over the high-water mark past the slow-reader timeout")
    func slowReaderDisconnected() throws {
        let server = try Self.server(slowReaderTimeout: .milliseconds(200))
        defer { server.stop() }
        let client = try server.client()
        client.shrinkSendBuffer()
        _ = try? client.sendUntilBlocked(Self.blobRequest, limit: 64 << 20)
        let disconnected = try eventually {
            let statistics = try server.onLoop { server.server.statistics }
            return statistics.slowReaderDisconnects == 1 && statistics.openConnections == 0
        }
        #expect(disconnected)
        #expect(try server.onLoop { server.server.statistics.overflowDisconnects } == 0)
    }

    @Test("sends a single response larger than the cap whole to a client that reads")
    func largeSingleWrite() throws {
        let server = try Self.server()
        defer { server.stop() }
        let client = try server.client()
        try client.send("GET /huge HTTP/1.1\r\nHost: x\r\n\r\nGET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try client.readResponse().body.count == 1 << 20)
        #expect(try client.readResponse().text == "ok")
        #expect(try server.onLoop { server.server.statistics.overflowDisconnects } == 0)
    }

    @Test("answers at most four pipelined requests of one connection per loop iteration")
    func requestsPerTurn() throws {
        let log = Mutex<[Character]>([])
        let server = try TestServer { server in
            let turn = LoopBound(TurnMarker(), loop: server.loop)
            server.mount("/count") { _, context in
                log.withLock { $0.append("r") }
                if !turn.value.marked {
                    turn.value.marked = true
                    context.loop.atEndOfIteration {
                        turn.value.marked = false
                        log.withLock { $0.append("|") }
                    }
                }
                return .response(HTTPResponse(text: "n"))
            }
        }
        defer { server.stop() }
        let client = try server.client()
        try client.send(String(repeating: "GET /count HTTP/1.1\r\nHost: x\r\n\r\n", count: 40))
        for _ in 0..<40 { #expect(try client.readResponse().text == "n") }
        let turns = log.withLock { String($0) }.split(separator: "|")
        #expect(turns.map(\.count).reduce(0, +) == 40)
        #expect(turns.allSatisfy { $0.count <= 4 }, "requests per iteration: \(turns.map(\.count))")
    }
}

/// Whether an end-of-iteration marker is already planned (loop thread only).
private final class TurnMarker {
    var marked = false
}
