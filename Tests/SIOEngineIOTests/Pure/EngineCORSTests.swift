// SPDX-License-Identifier: MIT

import Testing

@testable import SIOEngineIO

struct EngineCORSTests {
    /// Header lists compared as "name: value" lines, in order.
    func lines(_ headers: [(name: String, value: String)]) -> [String] {
        headers.map { "\($0.name): \($0.value)" }
    }

    @Test("allows every origin with * (the official test suite's cors setting)")
    func anyOrigin() {
        let cors = EngineCORS(origins: .any)
        #expect(lines(cors.responseHeaders(origin: "http://x")) == ["Access-Control-Allow-Origin: *"])
        #expect(lines(cors.responseHeaders(origin: nil)) == ["Access-Control-Allow-Origin: *"])
    }

    @Test("echoes a listed origin with Vary: Origin, and omits the header for others")
    func listedOrigins() {
        let cors = EngineCORS(origins: .list(["https://chat.example"]), credentials: true)
        #expect(
            lines(cors.responseHeaders(origin: "https://chat.example")) == [
                "Access-Control-Allow-Origin: https://chat.example", "Access-Control-Allow-Credentials: true",
                "Vary: Origin",
            ])
        #expect(
            lines(cors.responseHeaders(origin: "https://evil.example")) == [
                "Access-Control-Allow-Credentials: true", "Vary: Origin",
            ])
        #expect(cors.allows(origin: nil) == false)
    }

    @Test("asks a predicate about the origin")
    func predicateOrigins() {
        let cors = EngineCORS(origins: .predicate { $0.hasSuffix(".example") })
        #expect(cors.allows(origin: "https://a.example"))
        #expect(cors.allows(origin: "https://a.test") == false)
    }

    @Test("answers a preflight with methods, echoed request headers, max age and the Vary list")
    func preflight() {
        let cors = EngineCORS(origins: .list(["https://chat.example"]), maxAge: 600)
        #expect(
            lines(cors.preflightHeaders(origin: "https://chat.example", requestHeaders: "content-type")) == [
                "Access-Control-Allow-Origin: https://chat.example",
                "Access-Control-Allow-Methods: GET,HEAD,PUT,PATCH,POST,DELETE",
                "Access-Control-Allow-Headers: content-type",
                "Access-Control-Max-Age: 600",
                "Vary: Origin, Access-Control-Request-Headers",
            ])
        #expect(EngineCORS.preflightStatusCode == 204)
    }

    @Test("answers a preflight with configured headers and exposed headers")
    func preflightConfiguredHeaders() {
        let cors = EngineCORS(
            origins: .any, methods: ["GET", "POST"], allowedHeaders: ["x-token"], exposedHeaders: ["x-id"])
        #expect(
            lines(cors.preflightHeaders(origin: "http://x", requestHeaders: "ignored")) == [
                "Access-Control-Allow-Origin: *",
                "Access-Control-Allow-Methods: GET,POST",
                "Access-Control-Allow-Headers: x-token",
                "Access-Control-Expose-Headers: x-id",
            ])
        #expect(
            lines(cors.responseHeaders(origin: "http://x")) == [
                "Access-Control-Allow-Origin: *", "Access-Control-Expose-Headers: x-id",
            ])
    }
}
