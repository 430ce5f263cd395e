// SPDX-License-Identifier: MIT

import SIOHTTP
import SIOTestSupport
import Synchronization
import Testing

/// A real server on port 0, driven with raw bytes.
@Suite("HTTP server")
struct HTTPServerTests {
    static func healthServer(_ configure: (inout HTTPServer.Configuration) -> Void = { _ in }) throws -> TestServer {
        var configuration = HTTPServer.Configuration()
        configure(&configuration)
        return try TestServer(configuration: configuration) { server in
            server.mount("/health", methods: ["GET"]) { _, _ in
                .response(HTTPResponse(contentType: "application/json", text: #"{"status":"ok"}"#))
            }
            server.mount("/echo", methods: ["POST"]) { request, _ in
                .response(HTTPResponse(headers: ["Content-Type": "application/octet-stream"], body: request.body))
            }
        }
    }

    @Test("answers several requests on one keep-alive connection")
    func keepAlive() throws {
        let server = try Self.healthServer()
        defer { server.stop() }
        let client = try server.client()
        for _ in 0..<3 {
            try client.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.status == 200)
            #expect(response.text == #"{"status":"ok"}"#)
            #expect(response.header("Content-Type") == "application/json")
        }
    }

    @Test("answers pipelined requests in order, even behind a deferred response")
    func pipelining() throws {
        let server = try TestServer { server in
            server.mount("/slow") { _, context in
                let writer = context.deferResponse()
                context.loop.schedule(after: .milliseconds(50)) { writer.send(HTTPResponse(text: "slow")) }
                return .deferred(writer)
            }
            server.mount("/fast") { _, _ in .response(HTTPResponse(text: "fast")) }
        }
        defer { server.stop() }
        let client = try server.client()
        try client.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\nGET /fast HTTP/1.1\r\nHost: x\r\n\r\nGET /fast HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try client.readResponse().text == "slow")
        #expect(try client.readResponse().text == "fast")
        #expect(try client.readResponse().text == "fast")
    }

    @Test("answers HEAD with the GET headers and no body")
    func head() throws {
        let server = try Self.healthServer()
        defer { server.stop() }
        let client = try server.client()
        try client.send("HEAD /health HTTP/1.1\r\nHost: x\r\n\r\nGET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        let head = try client.readResponse(headRequest: true)
        #expect(head.status == 200)
        #expect(head.header("Content-Length") == "15")
        #expect(try client.readResponse().text == #"{"status":"ok"}"#)
    }

    @Test("sends 100 Continue before reading a body when the client expects it")
    func expectContinue() throws {
        let server = try Self.healthServer()
        defer { server.stop() }
        let client = try server.client()
        try client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n")
        #expect(try client.readResponse().status == 100)
        try client.send("hello")
        let response = try client.readResponse()
        #expect(response.status == 200)
        #expect(response.text == "hello")
    }

    @Test("answers 404 for paths nobody mounted")
    func notFound() throws {
        let server = try Self.healthServer()
        defer { server.stop() }
        let client = try server.client()
        try client.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try client.readResponse().status == 404)
    }

    @Test("answers a request head over 16 KiB with 431 and closes")
    func headTooLarge() throws {
        let server = try Self.healthServer()
        defer { server.stop() }
        let client = try server.client()
        try client.send("GET /health HTTP/1.1\r\nHost: x\r\nX-Big: \(String(repeating: "a", count: 17 * 1024))\r\n\r\n")
        #expect(try client.readResponse().status == 431)
        #expect(client.isClosedByPeer())
    }

    @Test("answers a body over the configured limit with 413")
    func bodyTooLarge() throws {
        let server = try Self.healthServer { $0.maxBodyBytes = 1000 }
        defer { server.stop() }
        let client = try server.client()
        try client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1001\r\n\r\n")
        #expect(try client.readResponse().status == 413)
        #expect(client.isClosedByPeer())
    }

    @Test("answers a malformed request with 400 and closes")
    func malformed() throws {
        let server = try Self.healthServer()
        defer { server.stop() }
        let client = try server.client()
        try client.send("GET /health HTTP/1.1\r\nHost x\r\n\r\n")
        #expect(try client.readResponse().status == 400)
        #expect(client.isClosedByPeer())
    }

    /// RFC 9112 §6.3: a coding we do not implement before `chunked` is 501; without a final
    /// `chunked` the body length is unknowable, which is 400.
    @Test("answers an unsupported transfer coding with 501")
    func unsupportedTransferCoding() throws {
        let server = try Self.healthServer()
        defer { server.stop() }
        let client = try server.client()
        try client.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n")
        #expect(try client.readResponse().status == 501)
        #expect(client.isClosedByPeer())
    }

    @Test("reads a chunked request body")
    func chunkedBody() throws {
        let server = try Self.healthServer()
        defer { server.stop() }
        let client = try server.client()
        try client.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n")
        #expect(try client.readResponse().text == "hello world")
    }

    @Test("answers 408 and closes when a request head is not finished in time")
    func slowloris() throws {
        let server = try Self.healthServer { $0.requestTimeout = .milliseconds(200) }
        defer { server.stop() }
        let client = try server.client()
        try client.send("GET /health HTTP/1.1\r\nHost: x\r\n")
        let response = try client.readResponse()
        #expect(response.status == 408)
        #expect(client.isClosedByPeer())
    }

    @Test("closes an idle keep-alive connection after the idle timeout")
    func idleTimeout() throws {
        let server = try Self.healthServer { $0.idleTimeout = .milliseconds(200) }
        defer { server.stop() }
        let client = try server.client()
        try client.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try client.readResponse().status == 200)
        #expect(client.isClosedByPeer())
    }

    @Test("refuses connections past the limit with 503 and keeps serving the others")
    func connectionLimit() throws {
        let server = try Self.healthServer { $0.maxConnections = 2 }
        defer { server.stop() }
        let first = try server.client()
        let second = try server.client()
        try first.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try first.readResponse().status == 200)
        let third = try server.client()
        #expect(try third.readResponse().status == 503)
        #expect(third.isClosedByPeer())
        try second.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try second.readResponse().status == 200)
    }

    @Test("closes the connection after answering a Connection: close request")
    func connectionClose() throws {
        let server = try Self.healthServer()
        defer { server.stop() }
        let client = try server.client()
        try client.send("GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        let response = try client.readResponse()
        #expect(response.header("Connection") == "close")
        #expect(client.isClosedByPeer())
    }

    @Test("does not run requests pipelined behind a Connection: close request")
    func nothingAfterClose() throws {
        let runs = Mutex(0)
        let server = try TestServer { server in
            server.mount("/count") { _, _ in
                .response(HTTPResponse(text: "\(runs.withLock { $0 += 1; return $0 })"))
            }
        }
        defer { server.stop() }
        let client = try server.client()
        let request = "GET /count HTTP/1.1\r\nHost: x\r\n"
        try client.send(request + "Connection: close\r\n\r\n" + request + "\r\n")
        #expect(try client.readResponse().text == "1")
        #expect(client.isClosedByPeer())
        #expect(runs.withLock { $0 } == 1)
    }

    @Test("writes a response larger than the socket buffers completely")
    func largeResponse() throws {
        let size = 8 << 20
        let server = try TestServer { server in
            server.mount("/big") { _, _ in .response(HTTPResponse(body: [UInt8](repeating: 0x61, count: size))) }
        }
        defer { server.stop() }
        let client = try server.client()
        try client.send("GET /big HTTP/1.1\r\nHost: x\r\n\r\n")
        let response = try client.readResponse()
        #expect(response.body.count == size)
    }

    @Test("tells a deferred responder when its client goes away")
    func deferredClientDrop() throws {
        let dropped = Flag()
        let server = try TestServer { server in
            server.mount("/wait") { _, context in
                let writer = context.deferResponse()
                writer.onClose = { dropped.set() }
                return .deferred(writer)
            }
        }
        defer { server.stop() }
        do {
            let client = try server.client()
            try client.send("GET /wait HTTP/1.1\r\nHost: x\r\n\r\n")
            _ = try server.onLoop { server.server.connectionCount }
        }
        #expect(dropped.wait(timeout: .seconds(2)))
    }
}
