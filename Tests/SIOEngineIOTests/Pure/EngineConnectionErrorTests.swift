// SPDX-License-Identifier: MIT

import SIOEngineIO
import Testing

/// `connection_error` reports: the official code, message and context of engine.io `server.ts` `verify()` and
/// `handshake()`.
struct EngineConnectionErrorTests {
    static func request(_ query: String, method: String = "GET", origin: String? = nil) -> EngineRequest {
        let pairs = query.split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1)
            return (name: String(parts[0]), value: parts.count > 1 ? String(parts[1]) : "")
        }
        return EngineRequest(
            method: method, query: pairs, headers: origin.map { [(name: "Origin", value: $0)] } ?? [],
            remoteAddress: "127.0.0.1")
    }

    @Test(
        "gives each error Node's code, message and context",
        arguments: [
            (EngineError.unknownTransport, "EIO=4&transport=pigeon", 0, "Transport unknown", ["transport": "pigeon"]),
            (.unknownTransport, "EIO=4", 0, "Transport unknown", [:]),
            (.unknownSessionID, "EIO=4&transport=polling&sid=nope", 1, "Session ID unknown", ["sid": "nope"]),
            (.badHandshakeMethod, "EIO=4&transport=polling", 2, "Bad handshake method", ["method": "POST"]),
            (.badRequest(.transportHandshakeError), "EIO=4&transport=websocket", 3, "Bad request",
             ["name": "TRANSPORT_HANDSHAKE_ERROR"]),
            (.forbidden(message: "banned"), "EIO=4&transport=polling", 4, "Forbidden", ["message": "banned"]),
            (.forbidden(message: nil), "EIO=4&transport=polling", 4, "Forbidden", [:]),
            (.unsupportedProtocolVersion, "EIO=3&transport=polling", 5, "Unsupported protocol version", ["protocol": "3"]),
        ] as [(EngineError, String, Int, String, [String: String])])
    func officialMapping(error: EngineError, query: String, code: Int, message: String, context: [String: String]) {
        let report = EngineConnectionError(error: error, request: Self.request(query, method: code == 2 ? "POST" : "GET"))
        #expect(report.code == code)
        #expect(report.message == message)
        #expect(report.context == context)
    }

    @Test("names the origin of an INVALID_ORIGIN and both transports of a TRANSPORT_MISMATCH")
    func badRequestContexts() {
        let origin = EngineConnectionError(
            error: .badRequest(.invalidOrigin), request: Self.request("EIO=4&transport=polling", origin: "a\u{01}b"))
        #expect(origin.context == ["name": "INVALID_ORIGIN", "origin": "a\u{01}b"])
        let mismatch = EngineConnectionError(
            error: .badRequest(.transportMismatch), request: Self.request("EIO=4&transport=polling&sid=s"),
            previousTransport: .websocket)
        #expect(mismatch.context == ["name": "TRANSPORT_MISMATCH", "transport": "polling", "previousTransport": "websocket"])
    }

    @Test("logs one line with the code, message, context, peer, method and query, escaping what the client sent")
    func logLine() {
        let unknown = EngineConnectionError(error: .unknownSessionID, request: Self.request("EIO=4&transport=polling&sid=nope"))
        #expect(unknown.logLine == #"connection_error code=1 message="Session ID unknown" context={"sid":"nope"} remote=127.0.0.1 GET "EIO=4&transport=polling&sid=nope""#)
        let mismatch = EngineConnectionError(
            error: .badRequest(.transportMismatch), request: Self.request("transport=polling&sid=a\nb"),
            previousTransport: .websocket)
        #expect(mismatch.logLine.contains(#"context={"name":"TRANSPORT_MISMATCH","previousTransport":"websocket","transport":"polling"}"#))
        #expect(!mismatch.logLine.contains("\n"))
    }
}
