// SPDX-License-Identifier: MIT

import SIOHTTP
import SIOLoops
import SIOTestSupport
import Synchronization
import Testing

/// One port served by several loops (`HTTPServerGroup`), each server answering with its place in the group.
@Suite("Server group")
struct ServerGroupTests {
    /// `/loop` answers the serving loop's index; `/to/N` is owned by loop N, which answers `moved to N`;
    /// `/later` answers the loop's index after 50 ms (a deferred answer).
    static func groupServer(loops: Int = 2, configure: (inout HTTPServer.Configuration) -> Void = { _ in }) throws -> TestServer {
        var configuration = HTTPServer.Configuration()
        configure(&configuration)
        return try TestServer(configuration: configuration, loops: loops) { server in
            server.mount("/loop") { _, _ in .response(HTTPResponse(text: "\(server.indexInGroup)")) }
            server.mount("/later") { _, context in
                let writer = context.deferResponse()
                context.loop.schedule(after: .milliseconds(50)) { writer.send(HTTPResponse(text: "\(server.indexInGroup)")) }
                return .deferred(writer)
            }
            server.placeRequests { request, _ in request.path.hasPrefix("/to/") ? Int(request.path.dropFirst(4)) : nil }
            server.mount("/to") { _, _ in .response(HTTPResponse(text: "moved to \(server.indexInGroup)")) }
        }
    }

    @Test("deals new connections to the loops in turn, with their first request")
    func roundRobin() throws {
        let server = try Self.groupServer(loops: 3)
        defer { server.stop() }
        var answers: [String] = []
        for _ in 0..<6 { answers.append(try server.request("GET", "/loop").text) }
        #expect(answers == ["0", "1", "2", "0", "1", "2"])
    }

    @Test("moves a request owned by another loop, and the requests pipelined behind it, to that loop")
    func forwardKeepsBufferedBytes() throws {
        let server = try Self.groupServer()
        defer { server.stop() }
        let client = try server.client()
        #expect(try client.request("GET", "/loop").text == "0")
        try client.send("GET /to/1 HTTP/1.1\r\nHost: x\r\n\r\nGET /loop HTTP/1.1\r\nHost: x\r\n\r\nGET /later HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try client.readResponse().text == "moved to 1")
        #expect(try client.readResponse().text == "1")
        #expect(try client.readResponse().text == "1")
        #expect(try client.request("GET", "/loop").text == "1")
    }

    @Test("sends a fresh connection's first request straight to the loop that owns it")
    func firstRequestGoesToItsOwner() throws {
        let server = try Self.groupServer(loops: 3)
        defer { server.stop() }
        #expect(try server.request("GET", "/to/2").text == "moved to 2")
        #expect(try server.request("GET", "/to/2").text == "moved to 2")
        #expect(try server.request("GET", "/loop").text == "0")
    }

    @Test("counts the connections of every loop against one maxConnections")
    func sharedConnectionLimit() throws {
        let server = try Self.groupServer { $0.maxConnections = 2 }
        defer { server.stop() }
        let first = try server.client()
        let second = try server.client()
        #expect(try first.request("GET", "/loop").text == "0")
        #expect(try second.request("GET", "/loop").text == "1")
        let third = try server.client()
        try third.send("GET /loop HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try third.readResponse().status == 503)
        let open = server.servers.map { http in server.threads[http.indexInGroup].sync { http.statistics.openConnections } }
        #expect(open == [1, 1])
    }

    @Test("runs a step on every loop and completes once, after the last one finishes")
    func forEachLoop() throws {
        let loops = try LoopGroup(count: 3)
        let visited = Mutex<[Int]>([])
        let completed = Flag()
        let runner = BackgroundThread { loops.run() }
        loops.forEach({ index, done in
            visited.withLock { $0.append(index) }
            done()
        }) {
            completed.set()
            loops.stop()
        }
        #expect(completed.wait(timeout: .seconds(5)))
        try runner.result()
        #expect(visited.withLock { $0.sorted() } == [0, 1, 2])
    }
}
