// SPDX-License-Identifier: MIT

import Testing
@testable import SIOBench

@Suite("Loader parsing helpers")
struct LoaderParsingTests {
    @Test("formats and reads decimals", arguments: [0, 7, 10, 99, 100, 123_456_789, 999_999_999_999])
    func decimals(value: Int) throws {
        var buffer: [UInt8] = Array("x".utf8)
        ASCII.appendDecimal(value, to: &buffer)
        #expect(String(decoding: buffer, as: UTF8.self) == "x\(value)")
        let parsed = try #require(ASCII.decimal(in: buffer[...], at: 1))
        #expect(parsed.value == value && parsed.end == buffer.count)
    }

    @Test("matches bytes at an offset, never past the end")
    func matches() {
        let bytes = Array("43[{\"c\":1}]".utf8)[...]
        #expect(ASCII.matches(bytes, at: 2, "[{\"c\":"))
        #expect(!ASCII.matches(bytes, at: 9, "}]x"))
        #expect(ASCII.decimal(in: bytes, at: 3) == nil)
    }

    @Test("parses a Content-Length response and finds its body")
    func httpResponse() throws {
        let text = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\ncontent-length: 5\r\n\r\n40abcHTTP/1.1"
        let bytes = Array(text.utf8)[...]
        let response = try #require(try HTTPResponseHead.parse(bytes, at: 0))
        #expect(response.status == 200)
        #expect(String(decoding: bytes[response.body], as: UTF8.self) == "40abc")
        #expect(try HTTPResponseHead.parse(bytes, at: response.body.upperBound) == nil)
    }

    @Test("waits for a body that has not fully arrived")
    func httpIncomplete() throws {
        let bytes = Array("HTTP/1.1 400 Bad Request\r\nContent-Length: 10\r\n\r\nabc".utf8)[...]
        #expect(try HTTPResponseHead.parse(bytes, at: 0) == nil)
    }

    @Test("refuses a chunked response instead of guessing")
    func httpChunked() {
        let bytes = Array("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n".utf8)[...]
        #expect(throws: HTTPResponseHead.Failure.self) { try HTTPResponseHead.parse(bytes, at: 0) }
    }

    @Test("reads the server URL", arguments: [
        ("ws://127.0.0.1:9000", "127.0.0.1", 9000, "/socket.io/", false),
        ("http://localhost:80/custom", "127.0.0.1", 80, "/custom/", true),
        ("127.0.0.1:1234/socket.io/", "127.0.0.1", 1234, "/socket.io/", false),
    ])
    func url(text: String, host: String, port: Int, path: String, polling: Bool) throws {
        let target = try #require(ServerTarget(url: text))
        #expect(target == ServerTarget(host: host, port: port, path: path, prefersPolling: polling))
        #expect(target.requestPath(transport: "polling", sid: "S") == "\(path)?EIO=4&transport=polling&sid=S")
    }

    @Test("rejects a URL without a port")
    func badURL() {
        #expect(ServerTarget(url: "ws://127.0.0.1") == nil)
    }

    @Test("reads the command line, with per-scenario defaults")
    func options() throws {
        let idle = try BenchOptions(arguments: ["idle", "--url", "ws://127.0.0.1:9", "--hold", "2.5"])
        #expect(idle.connections == 10_000 && idle.hold == 2.5 && !idle.usePolling)
        let polling = try BenchOptions(arguments: ["polling", "--url", "ws://127.0.0.1:9", "--connections", "7"])
        #expect(polling.usePolling && polling.connections == 7)
        #expect(throws: BenchOptions.UsageError.self) { try BenchOptions(arguments: ["echo", "--url", "ws://127.0.0.1:9", "--bogus", "1"]) }
        #expect(throws: BenchOptions.UsageError.self) { try BenchOptions(arguments: ["nope"]) }
    }

    @Test("writes one JSON line with keys in order and escapes")
    func jsonLine() {
        var line = JSONLine()
        line.add("scenario", "echo")
        line.add("rate", 1234.5678, digits: 1)
        line.add("whole", 2.0)
        line.add("note", "a\"b\n")
        #expect(line.description == #"{"scenario":"echo","rate":1234.6,"whole":2,"note":"a\"b\n"}"#)
    }
}
