// SPDX-License-Identifier: MIT

import SIOHTTP
import Testing

struct StaticPathTests {
    func segments(_ target: String, prefix: String = "/static") -> [String]? {
        let request = HTTPRequest(method: "GET", target: target)
        return StaticPath.segments(path: request.path, rawTarget: request.target, prefix: prefix)
    }

    @Test("gives the segments after the prefix", arguments: [
        ("/static/app.js", "/static", ["app.js"]),
        ("/static/css/site%20v2.css?v=3", "/static", ["css", "site v2.css"]),
        ("/static", "/static", []),
        ("/static/", "/static/", []),
        ("/static//a///b/", "/static", ["a", "b"]),
        ("/index.html", "/", ["index.html"]),
        ("/", "", []),
        ("http://host/static/x", "/static", ["x"]),
    ])
    func accepts(target: String, prefix: String, expected: [String]) {
        #expect(segments(target, prefix: prefix) == expected)
    }

    @Test("refuses traversal, encoded separators, backslashes, NUL and dotfiles", arguments: [
        "/static/../Package.swift",
        "/static/a/../../Package.swift",
        "/static/%2e%2e/Package.swift",
        "/static/%2E%2e/Package.swift",
        "/static/.%2e/Package.swift",
        "/static/..%2fPackage.swift",
        "/static/..%2FPackage.swift",
        "/static/a%2f..%2f..%2fPackage.swift",
        "/static/..\\Package.swift",
        "/static/a\\b.txt",
        "/static/a%5c..%5cPackage.swift",
        "/static/a%00.txt",
        "/static/./app.js",
        "/static/.env",
        "/static/.git/config",
        "/staticfoo/app.js",
        "/other/app.js",
    ])
    func refuses(target: String) {
        #expect(segments(target) == nil)
    }
}
