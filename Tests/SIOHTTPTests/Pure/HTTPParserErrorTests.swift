// SPDX-License-Identifier: MIT

import SIOHTTP
import Testing

/// Invalid requests: each must fail with the same error however its bytes are split.
struct HTTPParserErrorTests {
    static let host = "Host: x\r\n"

    /// (why it is wrong, request bytes, expected error)
    static let malformed: [(String, String, HTTPParseError)] = [
        ("an empty request line after the one skipped empty line", "\r\n\r\nGET / HTTP/1.1\r\n\r\n", .malformed("empty request line")),
        ("two spaces after the method", "GET  / HTTP/1.1\r\n\(host)\r\n", .malformed("invalid request target")),
        ("no version", "GET /\r\n\(host)\r\n", .malformed("request line is not `METHOD target HTTP/1.1`")),
        ("a fourth word on the request line", "GET / HTTP/1.1 x\r\n\(host)\r\n", .malformed("invalid HTTP version")),
        ("a lowercase version", "GET / http/1.1\r\n\(host)\r\n", .malformed("invalid HTTP version")),
        ("a version without minor", "GET / HTTP/1\r\n\(host)\r\n", .malformed("invalid HTTP version")),
        ("a separator in the method", "GE(T / HTTP/1.1\r\n\(host)\r\n", .malformed("invalid method")),
        ("a bare CR before the request line", "\rGET / HTTP/1.1\r\n\(host)\r\n", .malformed("invalid method")),
        ("a bare CR ending the request line", "GET / HTTP/1.1\r\r\n\(host)\r\n", .malformed("invalid HTTP version")),
        ("a control character in the target", "GET /a\u{7F}b HTTP/1.1\r\n\(host)\r\n", .malformed("invalid request target")),
        ("raw UTF-8 in the target", "GET /caf\u{E9} HTTP/1.1\r\n\(host)\r\n", .malformed("invalid request target")),
        ("a broken percent escape", "GET /a%zz HTTP/1.1\r\n\(host)\r\n", .malformed("invalid request target")),
        ("a truncated percent escape in the query", "GET /?a=%4 HTTP/1.1\r\n\(host)\r\n", .malformed("invalid request target")),
        ("an escape that is not UTF-8", "GET /%C3 HTTP/1.1\r\n\(host)\r\n", .malformed("invalid request target")),
        ("an asterisk target with GET", "GET * HTTP/1.1\r\n\(host)\r\n", .malformed("invalid request target")),
        ("an authority-form target", "CONNECT example.com:443 HTTP/1.1\r\n\(host)\r\n", .malformed("invalid request target")),
        ("whitespace before the colon", "GET / HTTP/1.1\r\nHost : x\r\n\r\n", .malformed("whitespace before the colon")),
        ("obsolete line folding", "GET / HTTP/1.1\r\n\(host)X-A: 1\r\n  2\r\n\r\n", .malformed("obsolete line folding")),
        ("a field line without colon", "GET / HTTP/1.1\r\n\(host)Nonsense\r\n\r\n", .malformed("field line without a colon")),
        ("an empty field name", "GET / HTTP/1.1\r\n\(host): x\r\n\r\n", .malformed("empty field name")),
        ("a separator in a field name", "GET / HTTP/1.1\r\n\(host)X(y): 1\r\n\r\n", .malformed("invalid character in a field name")),
        ("a bare CR inside a field value", "GET / HTTP/1.1\r\n\(host)X: a\rb\r\n\r\n", .malformed("invalid character in a field value")),
        ("a NUL inside a field value", "GET / HTTP/1.1\r\n\(host)X: a\u{0}b\r\n\r\n", .malformed("invalid character in a field value")),
        ("no Host in HTTP/1.1", "GET / HTTP/1.1\r\nAccept: */*\r\n\r\n", .malformed("missing Host")),
        ("two Host fields", "GET / HTTP/1.1\r\n\(host)Host: y\r\n\r\n", .malformed("several Host fields")),
        ("a Content-Length with letters", "POST / HTTP/1.1\r\n\(host)Content-Length: 12a\r\n\r\n", .malformed("Content-Length is not a number")),
        ("a negative Content-Length", "POST / HTTP/1.1\r\n\(host)Content-Length: -1\r\n\r\n", .malformed("Content-Length is not a number")),
        ("a signed Content-Length", "POST / HTTP/1.1\r\n\(host)Content-Length: +5\r\n\r\n", .malformed("Content-Length is not a number")),
        ("a Content-Length list", "POST / HTTP/1.1\r\n\(host)Content-Length: 5, 5\r\n\r\n", .malformed("Content-Length is not a number")),
        ("an empty Content-Length", "POST / HTTP/1.1\r\n\(host)Content-Length: \r\n\r\n", .malformed("Content-Length is not a number")),
        ("conflicting Content-Length fields", "POST / HTTP/1.1\r\n\(host)Content-Length: 5\r\nContent-Length: 6\r\n\r\n",
         .malformed("conflicting Content-Length fields")),
        ("Content-Length with Transfer-Encoding (smuggling)",
         "POST / HTTP/1.1\r\n\(host)Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
         .malformed("both Content-Length and Transfer-Encoding")),
        ("Transfer-Encoding in HTTP/1.0", "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n",
         .malformed("Transfer-Encoding in an HTTP/1.0 request")),
        ("chunked twice", "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked, chunked\r\n\r\n",
         .malformed("chunked must be the final transfer coding, once")),
        ("a coding after chunked", "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\nTransfer-Encoding: gzip\r\n\r\n",
         .malformed("chunked must be the final transfer coding, once")),
        ("a coding other than chunked alone", "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: gzip\r\n\r\n",
         .malformed("chunked must be the final transfer coding, once")),
        ("an empty Transfer-Encoding", "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: \r\n\r\n",
         .malformed("chunked must be the final transfer coding, once")),
    ]

    @Test("rejects malformed requests with 400", arguments: malformed)
    func rejectsMalformed(why: String, input: String, expected: HTTPParseError) {
        expectEvents(input, [.error(expected)])
        #expect(expected.status.code == 400, "\(why)")
    }

    @Test("answers 501 to transfer codings other than chunked before it", arguments: [
        "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked;x=1\r\nTransfer-Encoding: chunked\r\n\r\n",
    ])
    func unsupportedCoding(input: String) {
        expectEvents(input, [.error(.unsupportedTransferCoding)])
        #expect(HTTPParseError.unsupportedTransferCoding.status.code == 501)
    }

    @Test("answers 505 to versions other than 1.x", arguments: [
        "GET / HTTP/2.0\r\nHost: x\r\n\r\n",
        "GET / HTTP/0.9\r\nHost: x\r\n\r\n",
        "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
    ])
    func unsupportedVersion(input: String) {
        expectEvents(input, [.error(.unsupportedVersion)])
        #expect(HTTPParseError.unsupportedVersion.status.code == 505)
    }

    @Test("answers 431 to a head over the limit, complete or not")
    func headTooLarge() {
        let limits = HTTPParser.Limits(maxHeaderBytes: 40, maxBodyBytes: 100)
        let head = "GET / HTTP/1.1\r\nHost: x\r\nX-Long: 0123456789\r\n\r\n"
        expectEvents(head, [.error(.headTooLarge)], limits: limits)
        // 40 bytes without the empty line: the head can only end beyond the limit.
        expectEvents(String(repeating: "a", count: 40), [.error(.headTooLarge)], limits: limits)
        expectEvents(String(repeating: "a", count: 39), [], limits: limits)
        #expect(HTTPParseError.headTooLarge.status.code == 431)
    }

    @Test("answers 413 to a Content-Length over the limit before reading the body")
    func bodyTooLarge() {
        let limits = HTTPParser.Limits(maxHeaderBytes: 1024, maxBodyBytes: 10)
        expectEvents("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\n", [.error(.bodyTooLarge)], limits: limits)
        expectEvents("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999999999\r\n\r\n",
                     [.error(.bodyTooLarge)], limits: limits)
        #expect(HTTPParseError.bodyTooLarge.status.code == 413)
    }

    @Test("stays failed after an error, whatever arrives next")
    func staysFailed() {
        var parser = HTTPParser()
        parser.append(Array("GET / HTTP/2.0\r\nHost: x\r\n\r\n".utf8))
        #expect(parser.nextEvent() == .error(.unsupportedVersion))
        parser.append(Array("GET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
        #expect(parser.nextEvent() == .error(.unsupportedVersion))
        #expect(!parser.hasPartialRequest)
    }

    @Test("builds a plain-text response with the error's status, naming the broken rule of a malformed request")
    func errorResponse() {
        let response = HTTPParseError.malformed("whatever").response
        #expect(response.status == .badRequest)
        #expect(response.body == Array("Bad Request: whatever\n".utf8))
        #expect(response.headers["Content-Type"] == "text/plain; charset=utf-8")
        #expect(HTTPParseError.headTooLarge.response.body == Array("Request Header Fields Too Large\n".utf8))
    }
}
