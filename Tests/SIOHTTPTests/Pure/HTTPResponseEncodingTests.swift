// SPDX-License-Identifier: MIT

import SIOHTTP
import Testing

/// Byte-exact serialization (RFC 9112 §4, §6): the tests compare whole wire strings.
struct HTTPResponseEncodingTests {
    static let date = "Sun, 06 Nov 1994 08:49:37 GMT"

    func wire(_ response: HTTPResponse, closing: Bool = false, headOnly: Bool = false, date: String? = nil) -> String {
        String(decoding: response.encoded(closing: closing, headOnly: headOnly, date: date), as: UTF8.self)
    }

    @Test("writes the status line, the handler's headers in order, Content-Length and Date")
    func plain() {
        let response = HTTPResponse(status: .ok, text: "ok\n")
        #expect(wire(response, date: Self.date) == "HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\n"
            + "Content-Length: 3\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\n\r\nok\n")
    }

    @Test("writes an empty body with Content-Length: 0 so keep-alive clients know it ended")
    func emptyBody() {
        #expect(wire(HTTPResponse(status: .ok)) == "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
    }

    @Test("says Connection: close when closing, replacing the handler's Connection field")
    func closing() {
        let response = HTTPResponse(status: .notFound, headers: ["Connection": "keep-alive", "X-A": "1"], body: Array("no".utf8))
        #expect(wire(response, closing: true) == "HTTP/1.1 404 Not Found\r\nX-A: 1\r\nContent-Length: 2\r\nConnection: close\r\n\r\nno")
        #expect(wire(response) == "HTTP/1.1 404 Not Found\r\nConnection: keep-alive\r\nX-A: 1\r\nContent-Length: 2\r\n\r\nno")
    }

    @Test("answers HEAD with the Content-Length of the body it leaves out")
    func head() {
        let response = HTTPResponse(status: .ok, text: "hello")
        #expect(wire(response, headOnly: true) == "HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 5\r\n\r\n")
        #expect(!response.sendsBody(headOnly: true))
    }

    @Test("writes neither Content-Length nor body for 1xx, 204 and 304", arguments: [
        (HTTPStatus.continue, "HTTP/1.1 100 Continue\r\n\r\n"),
        (.noContent, "HTTP/1.1 204 No Content\r\n\r\n"),
        (.notModified, "HTTP/1.1 304 Not Modified\r\n\r\n"),
    ])
    func noContent(status: HTTPStatus, expected: String) {
        let response = HTTPResponse(status: status, body: Array("ignored".utf8))
        #expect(wire(response) == expected)
        #expect(!response.sendsBody(headOnly: false))
    }

    @Test("writes a 101 takeover with exactly its upgrade headers")
    func switchingProtocols() {
        let response = HTTPResponse(status: .switchingProtocols, headers: [
            "Upgrade": "websocket", "Connection": "Upgrade", "Sec-WebSocket-Accept": "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=",
        ])
        #expect(wire(response, date: Self.date) == "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\nDate: \(Self.date)\r\n\r\n")
    }

    @Test("keeps a Content-Length, Transfer-Encoding or Date the handler set")
    func keepsHandlerFields() {
        let length = HTTPResponse(status: .ok, headers: ["content-length": "3"], body: Array("abc".utf8))
        #expect(wire(length) == "HTTP/1.1 200 OK\r\ncontent-length: 3\r\n\r\nabc")
        let chunked = HTTPResponse(status: .ok, headers: ["Transfer-Encoding": "chunked"], body: Array("0\r\n\r\n".utf8))
        #expect(wire(chunked) == "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
        let dated = HTTPResponse(status: .ok, headers: ["Date": "then"])
        #expect(wire(dated, date: Self.date) == "HTTP/1.1 200 OK\r\nDate: then\r\nContent-Length: 0\r\n\r\n")
    }

    @Test("writes CR, LF and NUL in header values as spaces (no response splitting)")
    func noSplitting() {
        let response = HTTPResponse(status: .ok, headers: ["X-Echo": "a\r\nSet-Cookie: evil=1\u{0}"])
        #expect(wire(response) == "HTTP/1.1 200 OK\r\nX-Echo: a  Set-Cookie: evil=1 \r\nContent-Length: 0\r\n\r\n")
    }

    @Test("writes UTF-8 bodies and custom statuses unchanged")
    func utf8AndCustomStatus() {
        let response = HTTPResponse(status: HTTPStatus(418, "I'm a teapot"), contentType: "text/plain", text: "th\u{E9}")
        #expect(response.encoded() == Array("HTTP/1.1 418 I'm a teapot\r\nContent-Type: text/plain\r\nContent-Length: 4\r\n\r\nth\u{E9}".utf8))
    }

    @Test("gives the same bytes as head plus body when the body is queued separately")
    func headAndBody() {
        let response = HTTPResponse(status: .ok, headers: ["X": "y"], body: [0, 1, 2, 255])
        #expect(response.encodedHead(closing: true, date: Self.date) + response.body
            == response.encoded(closing: true, headOnly: false, date: Self.date))
    }
}
