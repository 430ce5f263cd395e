// SPDX-License-Identifier: MIT

import SIOHTTP
import Testing

/// Valid requests. Every vector is fed whole, byte by byte and in seeded random splits (`expectEvents`).
struct HTTPParserTests {
    @Test("parses a GET with its headers, decoded path and query items")
    func parsesGet() {
        expectEvents(
            "GET /engine.io/?EIO=4&transport=polling&t=a%20b HTTP/1.1\r\nHost: localhost:3000\r\nAccept: */*\r\n\r\n",
            [.request(ParsedRequest(
                method: "GET", target: "/engine.io/?EIO=4&transport=polling&t=a%20b", path: "/engine.io/",
                query: ["EIO=4", "transport=polling", "t=a b"], headers: ["Host: localhost:3000", "Accept: */*"]))])
    }

    @Test("reads a POST body framed by Content-Length")
    func readsContentLengthBody() {
        expectEvents(
            "POST /socket.io/?EIO=4 HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\n4hello\u{1E}4you",
            [.request(ParsedRequest(
                method: "POST", target: "/socket.io/?EIO=4", path: "/socket.io/", query: ["EIO=4"],
                headers: ["Host: x", "Content-Length: 11"], body: "4hello\u{1E}4you"))])
    }

    @Test("returns pipelined requests one by one, in order")
    func pipelining() {
        let input = "GET /a HTTP/1.1\r\nHost: x\r\n\r\n"
            + "POST /b HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc"
            + "HEAD /c HTTP/1.1\r\nHost: x\r\n\r\n"
        expectEvents(input, [
            .request(ParsedRequest(method: "GET", target: "/a", path: "/a", headers: ["Host: x"])),
            .request(ParsedRequest(method: "POST", target: "/b", path: "/b", headers: ["Host: x", "Content-Length: 3"], body: "abc")),
            .request(ParsedRequest(method: "HEAD", target: "/c", path: "/c", headers: ["Host: x"])),
        ])
    }

    @Test("hands over the bytes buffered behind an upgrade request")
    func takesBufferedBytes() {
        var parser = HTTPParser()
        parser.append(Array("GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n\r\n".utf8) + [0x81, 0x85, 1, 2])
        guard case .request(let request) = parser.next() else {
            Issue.record("expected a request")
            return
        }
        #expect(request.headers["upgrade"] == "websocket")
        #expect(parser.takeBufferedBytes() == [0x81, 0x85, 1, 2])
        #expect(parser.takeBufferedBytes() == [])
        #expect(!parser.hasPartialRequest)
    }

    @Test("reports a partial request from its first byte until it is returned")
    func partialRequest() {
        var parser = HTTPParser()
        #expect(!parser.hasPartialRequest)
        parser.append(Array("G".utf8))
        #expect(parser.nextEvent() == nil)
        #expect(parser.hasPartialRequest)
        parser.append(Array("ET / HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n".utf8))
        #expect(parser.nextEvent() == nil)
        #expect(parser.hasPartialRequest, "the head is parsed but the body is still due")
        parser.append(Array("okG".utf8))
        #expect(parser.nextEvent()?.isRequest == true)
        #expect(parser.hasPartialRequest, "the next request has started")
        #expect(parser.takeBufferedBytes() == Array("G".utf8))
        #expect(!parser.hasPartialRequest)
    }

    @Test("skips one empty line before a request line (RFC 9112 §2.2)")
    func skipsOneEmptyLine() {
        let get = ParsedRequest(method: "GET", target: "/", path: "/", headers: ["Host: x"])
        expectEvents("\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n", [.request(get)])
        expectEvents("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n\r\nz\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n", [
            .request(ParsedRequest(method: "POST", target: "/", path: "/", headers: ["Host: x", "Content-Length: 1"], body: "z")),
            .request(get),
        ])
    }

    @Test("accepts a bare LF as a line ending in the head, as typed into nc")
    func acceptsBareLF() {
        expectEvents("GET /a HTTP/1.1\nHost: x\n\n", [.request(ParsedRequest(method: "GET", target: "/a", path: "/a", headers: ["Host: x"]))])
        expectEvents("GET /a HTTP/1.1\r\nHost: x\n\r\n", [.request(ParsedRequest(method: "GET", target: "/a", path: "/a", headers: ["Host: x"]))])
    }

    @Test("looks header fields up without regard to case and keeps them as sent")
    func headerCase() throws {
        let request = try parseOne("GET / HTTP/1.1\r\nhOsT: x\r\nCONTENT-type: text/plain\r\nX-Multi: a\r\nx-multi: b\r\n\r\n")
        #expect(request.headers["Host"] == "x")
        #expect(request.headers["content-TYPE"] == "text/plain")
        #expect(request.headers.values(for: "X-MULTI") == ["a", "b"])
        #expect(request.headers.fields.map(\.name) == ["hOsT", "CONTENT-type", "X-Multi", "x-multi"])
    }

    @Test("trims spaces and tabs around field values, keeping inner ones")
    func trimsFieldValues() throws {
        let request = try parseOne("GET / HTTP/1.1\r\nHost:x\r\nA: \t one  two \t\r\nB:\r\nC: caf\u{E9}\r\n\r\n")
        #expect(request.headers["Host"] == "x")
        #expect(request.headers["A"] == "one  two")
        #expect(request.headers["B"] == "")
        #expect(request.headers["C"] == "caf\u{E9}", "obs-text bytes that are UTF-8 decode as UTF-8")
    }

    @Test("accepts absolute-form targets and OPTIONS * (RFC 9112 §3.2)")
    func targetForms() {
        expectEvents("GET http://example.com:3000/a%2Fb?x=1+2 HTTP/1.1\r\nHost: example.com:3000\r\n\r\n", [
            .request(ParsedRequest(method: "GET", target: "http://example.com:3000/a%2Fb?x=1+2", path: "/a/b",
                                   query: ["x=1 2"], headers: ["Host: example.com:3000"])),
        ])
        expectEvents("OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n", [
            .request(ParsedRequest(method: "OPTIONS", target: "*", path: "*", headers: ["Host: x"])),
        ])
    }

    @Test("accepts HTTP/1.0 without a Host field")
    func http10() {
        expectEvents("GET / HTTP/1.0\r\n\r\n", [.request(ParsedRequest(method: "GET", target: "/", version: "1.0", path: "/", headers: []))])
    }

    @Test("treats GET and HEAD without framing fields as having no body")
    func noBody() {
        expectEvents("HEAD /x HTTP/1.1\r\nHost: x\r\n\r\nGET /y HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n", [
            .request(ParsedRequest(method: "HEAD", target: "/x", path: "/x", headers: ["Host: x"])),
            .request(ParsedRequest(method: "GET", target: "/y", path: "/y", headers: ["Host: x", "Content-Length: 0"])),
        ])
    }

    @Test("accepts repeated Content-Length fields that agree, and leading zeros")
    func agreeingContentLengths() {
        expectEvents("PUT / HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\ncontent-length: 002\r\n\r\nhi", [
            .request(ParsedRequest(method: "PUT", target: "/", path: "/", headers: ["Host: x", "Content-Length: 2", "content-length: 002"], body: "hi")),
        ])
    }

    @Test("accepts a head and a body exactly at their limits")
    func exactLimits() {
        let head = "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\n"
        let limits = HTTPParser.Limits(maxHeaderBytes: head.utf8.count, maxBodyBytes: 4)
        expectEvents(head + "body", [
            .request(ParsedRequest(method: "GET", target: "/", path: "/", headers: ["Host: x", "Content-Length: 4"], body: "body")),
        ], limits: limits)
    }

    @Test("announces Expect: 100-continue once, before the body")
    func expectContinue() {
        expectEvents("POST /u HTTP/1.1\r\nHost: x\r\nExpect: 100-Continue\r\nContent-Length: 2\r\n\r\nok", [
            .expectContinue,
            .request(ParsedRequest(method: "POST", target: "/u", path: "/u",
                                   headers: ["Host: x", "Expect: 100-Continue", "Content-Length: 2"], body: "ok")),
        ])
        var parser = HTTPParser()
        parser.append(Array("POST /u HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nTransfer-Encoding: chunked\r\n\r\n".utf8))
        #expect(parser.nextEvent() == .expectContinue)
        #expect(parser.nextEvent() == nil, "announced once, then the body is awaited")
        parser.append(Array("0\r\n\r\n".utf8))
        #expect(parser.nextEvent()?.isRequest == true)
    }

    @Test("does not announce 100-continue without a body or to HTTP/1.0")
    func noContinue() {
        expectEvents("POST / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n\r\n", [
            .request(ParsedRequest(method: "POST", target: "/", path: "/", headers: ["Host: x", "Expect: 100-continue"])),
        ])
        expectEvents("POST / HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 1\r\n\r\n!", [
            .request(ParsedRequest(method: "POST", target: "/", version: "1.0", path: "/",
                                   headers: ["Expect: 100-continue", "Content-Length: 1"], body: "!")),
        ])
    }

    @Test("refuses a too large Content-Length instead of sending 100 Continue")
    func continueRefusedWhenTooLarge() {
        expectEvents("POST / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 1000001\r\n\r\n", [.error(.bodyTooLarge)])
    }

    @Test("decides keep-alive from the version and Connection (RFC 9112 §9.3)", arguments: [
        ("GET / HTTP/1.1\r\nHost: x\r\n\r\n", true),
        ("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", false),
        ("GET / HTTP/1.1\r\nHost: x\r\nConnection: Upgrade, Close\r\n\r\n", false),
        ("GET / HTTP/1.0\r\n\r\n", false),
        ("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n", true),
    ])
    func keepAlive(input: String, expected: Bool) throws {
        #expect(try parseOne(input).keepAlive == expected)
    }

    @Test("parses a thousand pipelined requests from one buffer")
    func manyPipelined() {
        var parser = HTTPParser()
        let one = Array("POST /socket.io/?EIO=4&sid=abc HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n\r\n2".utf8)
        parser.append(Array([[UInt8]](repeating: one, count: 1000).joined()))
        var count = 0
        while case .request(let request) = parser.next() {
            #expect(request.body == [UInt8(ascii: "2")] && request.query("sid") == "abc")
            count += 1
        }
        #expect(count == 1000)
        #expect(!parser.hasPartialRequest)
    }
}

/// Parses `input` fed whole and returns its only request.
func parseOne(_ input: String) throws -> HTTPRequest {
    var parser = HTTPParser()
    parser.append(Array(input.utf8))
    let event = parser.next()
    guard case .request(let request) = event else { throw UnexpectedEvent(event: "\(event)") }
    return request
}

struct UnexpectedEvent: Error {
    var event: String
}

extension HTTPParser {
    /// `next()` as a comparable ``ParsedEvent``; `nil` stands for `.needMoreData`.
    mutating func nextEvent() -> ParsedEvent? {
        switch next() {
        case .needMoreData: nil
        case .expectContinue: .expectContinue
        case .request(let request): .request(ParsedRequest(request))
        case .error(let error): .error(error)
        }
    }
}

extension ParsedEvent {
    var isRequest: Bool {
        if case .request = self { return true }
        return false
    }
}
