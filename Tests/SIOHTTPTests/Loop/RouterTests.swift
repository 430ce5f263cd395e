// SPDX-License-Identifier: MIT

@testable import SIOHTTP
import Testing

@Suite("Router")
struct RouterTests {
    @Test(
        "matches a prefix at segment boundaries",
        arguments: [
            ("/health", "/health", true), ("/health", "/health/db", true), ("/health", "/healthz", false),
            ("/static/", "/static/a.css", true), ("/static/", "/static", false), ("/", "/anything", true),
            ("/engine.io/", "/engine.io/", true), ("/engine.io/", "/engine.io", false),
        ])
    func prefixes(prefix: String, path: String, expected: Bool) {
        #expect(Router.matches(path: path, prefix: prefix) == expected)
    }
}
