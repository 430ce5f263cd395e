// SPDX-License-Identifier: MIT

import SIOHTTP
import SIOTestSupport
import Testing

/// A tiny protocol to prove the takeover seam: after `101`, every line the client sends comes back.
final class LineEcho: ConnectionHandler {
    private var pending: [UInt8] = []

    func start(on connection: Connection, leftover: [UInt8]) {
        connection.setHandler(self)
        consume(leftover[...], on: connection)
    }

    func connection(_ connection: Connection, didRead bytes: ArraySlice<UInt8>) {
        consume(bytes, on: connection)
    }

    func connectionDidClose(_ connection: Connection) {}

    private func consume(_ bytes: ArraySlice<UInt8>, on connection: Connection) {
        pending.append(contentsOf: bytes)
        while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
            connection.write(Array(pending[...newline]))
            pending.removeFirst(newline + 1)
        }
    }
}

@Suite("Connection takeover")
struct TakeoverTests {
    static func lineEchoServer() throws -> TestServer {
        try TestServer { server in
            server.mount("/lines") { _, _ in
                let response = HTTPResponse(status: .switchingProtocols, headers: ["Upgrade": "line-echo", "Connection": "Upgrade"])
                return .takeover(response) { connection, leftover in LineEcho().start(on: connection, leftover: leftover) }
            }
        }
    }

    @Test("hands the raw connection to a new protocol after 101")
    func takeover() throws {
        let server = try Self.lineEchoServer()
        defer { server.stop() }
        let client = try server.client()
        try client.send("GET /lines HTTP/1.1\r\nHost: x\r\nUpgrade: line-echo\r\nConnection: Upgrade\r\n\r\n")
        let response = try client.readResponse()
        #expect(response.status == 101)
        #expect(response.header("Content-Length") == nil)
        try client.send("hello\nworld\n")
        #expect(try client.read(until: Array("world\n".utf8)) == Array("hello\nworld\n".utf8))
    }

    @Test("keeps the bytes the client sent right behind the upgrade request")
    func leftoverBytes() throws {
        let server = try Self.lineEchoServer()
        defer { server.stop() }
        let client = try server.client()
        try client.send("GET /lines HTTP/1.1\r\nHost: x\r\nUpgrade: line-echo\r\nConnection: Upgrade\r\n\r\nearly bird\n")
        #expect(try client.readResponse().status == 101)
        #expect(try client.read(until: Array("\n".utf8)) == Array("early bird\n".utf8))
    }
}

@Suite("Graceful shutdown")
struct ShutdownTests {
    @Test("finishes the response in flight, refuses new connections, then completes")
    func gracefulShutdown() throws {
        let finished = Flag()
        let server = try TestServer { server in
            server.mount("/slow") { _, context in
                let writer = context.deferResponse()
                context.loop.schedule(after: .milliseconds(200)) { writer.send(HTTPResponse(text: "done")) }
                return .deferred(writer)
            }
        }
        defer { server.stop() }
        let client = try server.client()
        try client.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n")
        _ = try server.onLoop { server.server.connectionCount }
        try server.onLoop { server.server.shutdown { finished.set() } }
        #expect(throws: (any Error).self) { _ = try server.client() }
        let response = try client.readResponse()
        #expect(response.text == "done")
        #expect(response.header("Connection") == "close")
        #expect(finished.wait(timeout: .seconds(2)))
    }
}
