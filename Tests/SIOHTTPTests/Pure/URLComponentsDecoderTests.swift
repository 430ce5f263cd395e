// SPDX-License-Identifier: MIT

import SIOHTTP
import Testing

struct URLComponentsDecoderTests {
    /// (target, decoded path, query items as `name=value`)
    static let vectors: [(String, String, [String])] = [
        ("/", "/", []),
        ("/socket.io/?EIO=4&transport=polling", "/socket.io/", ["EIO=4", "transport=polling"]),
        ("/a%20b/c+d", "/a b/c+d", []),
        ("/?q=a+b%2Bc", "/", ["q=a b+c"]),
        ("/?a=1&a=2", "/", ["a=1", "a=2"]),
        ("/?flag&empty=&=v", "/", ["flag=", "empty=", "=v"]),
        ("/?a=1&&b=2&", "/", ["a=1", "b=2"]),
        ("/?x=a=b", "/", ["x=a=b"]),
        ("/?", "/", []),
        ("/p?q=%E2%82%AC", "/p", ["q=\u{20AC}"]),
        ("/caf%C3%A9", "/caf\u{E9}", []),
        ("/static/..%2Fx", "/static/../x", []),
        ("http://example.com:3000/a?b=c", "/a", ["b=c"]),
        ("HTTP://example.com", "/", []),
        ("https://example.com?x=1", "/", ["x=1"]),
        ("*", "*", []),
    ]

    @Test("splits and decodes a target into path and query items", arguments: vectors)
    func splits(target: String, path: String, query: [String]) {
        let split = URLComponentsDecoder.split(target: target)
        #expect(split.path == path)
        #expect(split.query.map { "\($0.name)=\($0.value)" } == query)
        let strict = URLComponentsDecoder.decode(target: target)
        #expect(strict?.path == path)
        #expect(strict?.query.map { "\($0.name)=\($0.value)" } == query)
    }

    @Test("keeps broken escapes literally when splitting, but refuses them when decoding", arguments: [
        ("/a%zz", "/a%zz", [String]()),
        ("/a%4", "/a%4", []),
        ("/%", "/%", []),
        ("/%FF", "/%FF", []),
        ("/?k=%E2%82&ok=1", "/", ["k=%E2%82", "ok=1"]),
    ])
    func brokenEscapes(target: String, path: String, query: [String]) {
        let split = URLComponentsDecoder.split(target: target)
        #expect(split.path == path)
        #expect(split.query.map { "\($0.name)=\($0.value)" } == query)
        #expect(URLComponentsDecoder.decode(target: target) == nil)
    }

    @Test("refuses targets that are not origin-form, absolute-form or *", arguments: [
        "example.com:443", "relative/path", "", "?q=1", "1http://x/",
    ])
    func refusesOtherForms(target: String) {
        #expect(URLComponentsDecoder.decode(target: target) == nil)
    }

    @Test("percent-decodes, turning + into a space only when asked")
    func percentDecode() {
        #expect(URLComponentsDecoder.percentDecode("a+b%2b%2Fc") == "a+b+/c")
        #expect(URLComponentsDecoder.percentDecode("a+b", plusAsSpace: true) == "a b")
        #expect(URLComponentsDecoder.percentDecode("plain") == "plain")
        #expect(URLComponentsDecoder.percentDecode("%00") == "\u{0}")
        #expect(URLComponentsDecoder.percentDecode("%g0") == nil)
        #expect(URLComponentsDecoder.percentDecode("%C3%28") == nil, "invalid UTF-8")
    }

    @Test("gives the raw path without query or scheme and authority")
    func rawPath() {
        #expect(URLComponentsDecoder.rawPath(of: "/static/..%2fx?y=1") == "/static/..%2fx")
        #expect(URLComponentsDecoder.rawPath(of: "http://h:1/a%2Fb?c") == "/a%2Fb")
        #expect(URLComponentsDecoder.rawPath(of: "http://h:1") == "/")
    }

    @Test("gives HTTPRequest its path and query")
    func requestUsesDecoder() {
        let request = HTTPRequest(method: "GET", target: "/x?name=Ada%20L&n=1")
        #expect(request.path == "/x")
        #expect(request.query("name") == "Ada L")
        #expect(request.query("missing") == nil)
    }
}
