// SPDX-License-Identifier: MIT

import SIOHTTP
import Testing

/// `Transfer-Encoding: chunked` bodies (RFC 9112 §7.1), fed whole, byte by byte and in random splits.
struct ChunkedBodyTests {
    static let head = "POST /u HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"

    static func request(body: String, trailers: [String] = []) -> ParsedEvent {
        .request(ParsedRequest(method: "POST", target: "/u", path: "/u", headers: ["Host: x", "Transfer-Encoding: chunked"],
                               body: body, trailers: trailers))
    }

    @Test("de-chunks a body")
    func dechunks() {
        expectEvents(Self.head + "5\r\nhello\r\n1\r\n \r\nA\r\n0123456789\r\n0\r\n\r\n", [Self.request(body: "hello 0123456789")])
    }

    @Test("accepts hex sizes in either case, with leading zeros")
    func hexSizes() {
        let body = String(repeating: "z", count: 26)
        expectEvents(Self.head + "1a\r\n\(body)\r\n0\r\n\r\n", [Self.request(body: body)])
        expectEvents(Self.head + "001A\r\n\(body)\r\n000\r\n\r\n", [Self.request(body: body)])
    }

    @Test("skips chunk extensions, with tokens, quoted strings and whitespace (RFC 9112 §7.1.1)")
    func extensions() {
        let input = Self.head + "3;name=value\r\nabc\r\n2 ; flag ;q=\"a \\\"b\\\" ;c\"\r\nde\r\n0;last\r\n\r\n"
        expectEvents(input, [Self.request(body: "abcde")])
    }

    @Test("keeps trailer fields apart from the headers")
    func trailers() throws {
        expectEvents(Self.head + "2\r\nhi\r\n0\r\nX-Checksum: 42\r\nx-other:  v \r\n\r\n",
                     [Self.request(body: "hi", trailers: ["X-Checksum: 42", "x-other: v"])])
        let request = try parseOne(Self.head + "0\r\nX-Checksum: 42\r\n\r\n")
        #expect(request.trailers["x-checksum"] == "42")
        #expect(request.headers["X-Checksum"] == nil)
    }

    @Test("reads Transfer-Encoding without regard to case, then the next pipelined request")
    func caseInsensitiveCodingAndPipelining() {
        let input = "POST /u HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: Chunked\r\n\r\n1\r\na\r\n0\r\n\r\nGET /next HTTP/1.1\r\nHost: x\r\n\r\n"
        expectEvents(input, [
            .request(ParsedRequest(method: "POST", target: "/u", path: "/u", headers: ["Host: x", "Transfer-Encoding: Chunked"], body: "a")),
            .request(ParsedRequest(method: "GET", target: "/next", path: "/next", headers: ["Host: x"])),
        ])
    }

    /// (why it is wrong, body after the head)
    static let malformed: [(String, String, HTTPParseError)] = [
        ("a size that is not hex", "g\r\n", .malformed("chunk size is not hexadecimal")),
        ("an empty size line", "\r\n", .malformed("chunk size is not hexadecimal")),
        ("a negative size", "-1\r\n", .malformed("chunk size is not hexadecimal")),
        ("a space after the size", "1 \r\na\r\n0\r\n\r\n", .malformed("invalid chunk extension")),
        ("an extension without a name", "1;\r\na\r\n0\r\n\r\n", .malformed("invalid chunk extension")),
        ("an extension without a value after =", "1;a=\r\na\r\n0\r\n\r\n", .malformed("invalid chunk extension")),
        ("an unterminated quoted string", "1;a=\"x\r\na\r\n0\r\n\r\n", .malformed("invalid chunk extension")),
        ("garbage after the size", "1x\r\na\r\n0\r\n\r\n", .malformed("invalid chunk extension")),
        ("a size line ending in a bare LF", "1\na\r\n0\r\n\r\n", .malformed("chunked line not terminated by CRLF")),
        ("data longer than its size", "1\r\nab\r\n0\r\n\r\n", .malformed("chunk data not followed by CRLF")),
        ("data followed by a bare LF", "1\r\na\n0\r\n\r\n", .malformed("chunk data not followed by CRLF")),
        ("a trailer without colon", "0\r\nnonsense\r\n\r\n", .malformed("field line without a colon")),
        ("a folded trailer", "0\r\nA: 1\r\n 2\r\n\r\n", .malformed("obsolete line folding")),
        ("a trailer ending in a bare LF", "0\r\nA: 1\n\r\n", .malformed("chunked line not terminated by CRLF")),
    ]

    @Test("rejects malformed chunked framing with 400", arguments: malformed)
    func rejectsMalformed(why: String, body: String, expected: HTTPParseError) {
        expectEvents(Self.head + body, [.error(expected)])
        #expect(expected.status.code == 400, "\(why)")
    }

    @Test("applies the body limit to the de-chunked size")
    func bodyLimit() {
        let limits = HTTPParser.Limits(maxHeaderBytes: 1024, maxBodyBytes: 8)
        expectEvents(Self.head + "4\r\nabcd\r\n4\r\nefgh\r\n0\r\n\r\n", [Self.request(body: "abcdefgh")], limits: limits)
        expectEvents(Self.head + "4\r\nabcd\r\n5\r\n", [.error(.bodyTooLarge)], limits: limits)
        expectEvents(Self.head + "ffffffffffffffffffffffff\r\n", [.error(.bodyTooLarge)], limits: limits)
    }

    @Test("counts chunk extensions toward the body limit (CVE-2024-22019)")
    func extensionLimit() {
        let limits = HTTPParser.Limits(maxHeaderBytes: 1024, maxBodyBytes: 8)
        expectEvents(Self.head + "1;aaaaaaaa\r\n", [.error(.bodyTooLarge)], limits: limits)
        let endless = Self.head + "1;" + String(repeating: "a", count: 40)
        expectEvents(endless, [.error(.bodyTooLarge)], limits: limits)
    }

    @Test("judges a chunked line's length the same way whether its LF arrived yet or not (found by fuzzing)")
    func lineLimitIgnoresSplits() {
        let limits = HTTPParser.Limits(maxHeaderBytes: 1024, maxBodyBytes: 16)
        // A size line may hold 16 bytes beyond the body budget: 32 here. Thirty-two digits still fit, CR or not yet.
        expectEvents(Self.head + String(repeating: "0", count: 31) + "1\r\na\r\n0\r\n\r\n", [Self.request(body: "a")], limits: limits)
        // Forty bytes are too long, also when a bare LF ends them: 413, not the 400 the bare LF alone would get.
        expectEvents(Self.head + String(repeating: "k", count: 40) + "\n0\r\n\r\n", [.error(.bodyTooLarge)], limits: limits)
    }

    @Test("answers 431 to trailers over the head limit")
    func trailerLimit() {
        let limits = HTTPParser.Limits(maxHeaderBytes: 64, maxBodyBytes: 100)
        let trailer = "X-Big: " + String(repeating: "v", count: 60) + "\r\n"
        expectEvents(Self.head + "0\r\n" + trailer + "\r\n", [.error(.headTooLarge)], limits: limits)
        expectEvents(Self.head + "0\r\n" + String(repeating: "v", count: 70), [.error(.headTooLarge)], limits: limits)
    }
}
