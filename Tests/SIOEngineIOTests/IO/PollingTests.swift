// SPDX-License-Identifier: MIT

import SIOEngineIO
import SIOHTTP
import SIOTestSupport
import Testing

/// Engine.IO over long-polling, against a real server on port 0 (Engine.IO v4 spec, "HTTP long-polling").
@Suite("Engine.IO long-polling")
struct PollingTests {
    @Test("opens a session with the official handshake and no upgrades while only polling is registered")
    func handshake() throws {
        let engine = try EngineTestServer()
        defer { engine.stop() }
        let response = try engine.get("")
        #expect(response.status == 200)
        #expect(response.header("Content-Type") == "text/plain; charset=UTF-8")
        #expect(response.header("cache-control") == "no-store")
        let text = response.text
        #expect(text.hasPrefix("0{\"sid\":\""))
        #expect(text.hasSuffix("\",\"upgrades\":[],\"pingInterval\":25000,\"pingTimeout\":20000,\"maxPayload\":1000000}"))
        #expect(engine.echo.opened.wait(timeout: .seconds(1)))
    }

    @Test("answers a POST with ok and returns the echoed message on the next GET")
    func echo() throws {
        let engine = try EngineTestServer()
        defer { engine.stop() }
        let sid = try engine.handshake()
        let post = try engine.post(sid, "4hello\u{1e}bAQIDBA==")
        #expect(post.status == 200)
        #expect(post.text == "ok")
        #expect(post.header("Content-Type") == "text/html")
        #expect(try engine.poll(sid).text == "4hello\u{1e}bAQIDBA==")
    }

    @Test(
        "rejects bad requests with the official error codes",
        arguments: [
            ("?EIO=3&transport=polling", "GET", 400, #"{"code":5,"message":"Unsupported protocol version"}"#),
            ("?transport=polling", "GET", 400, #"{"code":5,"message":"Unsupported protocol version"}"#),
            ("?EIO=4&transport=carrier-pigeon", "GET", 400, #"{"code":0,"message":"Transport unknown"}"#),
            ("?EIO=4", "GET", 400, #"{"code":0,"message":"Transport unknown"}"#),
            ("?EIO=4&transport=polling&sid=nope", "GET", 400, #"{"code":1,"message":"Session ID unknown"}"#),
            ("?EIO=4&transport=polling", "POST", 400, #"{"code":2,"message":"Bad handshake method"}"#),
            ("?EIO=4&transport=polling", "PUT", 400, #"{"code":2,"message":"Bad handshake method"}"#),
        ])
    func errors(query: String, method: String, status: Int, body: String) throws {
        let engine = try EngineTestServer()
        defer { engine.stop() }
        let response = try engine.server.request(method, "/engine.io/\(query)")
        #expect(response.status == status)
        #expect(response.header("Content-Type") == "application/json")
        #expect(response.text == body)
    }

    @Test("answers 403 with code 4 when allowRequest refuses")
    func forbidden() throws {
        let engine = try EngineTestServer { $0.allowRequest = { _ in .reject(message: nil) } }
        defer { engine.stop() }
        let response = try engine.get("")
        #expect(response.status == 403)
        #expect(response.text == #"{"code":4,"message":"Forbidden"}"#)
    }

    @Test("refuses a handshake past maxSessions with 403 Too many sessions, and accepts again once one closes")
    func sessionLimit() throws {
        let engine = try EngineTestServer { $0.maxSessions = 1 }
        defer { engine.stop() }
        let sid = try engine.handshake()
        let refused = try engine.get("")
        #expect(refused.status == 403)
        #expect(refused.text == #"{"code":4,"message":"Too many sessions"}"#)
        #expect(try engine.post(sid, "1").status == 200)
        #expect(try engine.get("").status == 200)
    }

    @Test("closes the session when a second GET overlaps the pending one: the first gets 1, the second 400")
    func overlappingPoll() throws {
        let engine = try EngineTestServer()
        defer { engine.stop() }
        let sid = try engine.handshake()
        let first = try engine.server.client()
        try first.send("GET /engine.io/?EIO=4&transport=polling&sid=\(sid) HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try engine.poll(sid).status == 400)
        #expect(try first.readResponse().text == "1")
        #expect(try engine.poll(sid).status == 400)
        #expect(engine.echo.closeReasons == ["transport error"])
    }

    @Test("closes the session when the client drops its pending GET")
    func droppedPoll() throws {
        let engine = try EngineTestServer()
        defer { engine.stop() }
        let sid = try engine.handshake()
        do {
            let client = try engine.server.client()
            try client.send("GET /engine.io/?EIO=4&transport=polling&sid=\(sid) HTTP/1.1\r\nHost: x\r\n\r\n")
            _ = try engine.server.onLoop { 0 }
        }
        #expect(engine.echo.closed.wait(timeout: .seconds(2)))
        #expect(engine.echo.closeReasons == ["transport error"])
        #expect(try engine.poll(sid).status == 400)
    }

    @Test("answers the pending GET with a noop when the client closes, then forgets the session")
    func clientClose() throws {
        let engine = try EngineTestServer()
        defer { engine.stop() }
        let sid = try engine.handshake()
        let pending = try engine.server.client()
        try pending.send("GET /engine.io/?EIO=4&transport=polling&sid=\(sid) HTTP/1.1\r\nHost: x\r\n\r\n")
        _ = try engine.server.onLoop { 0 }
        #expect(try engine.post(sid, "1").text == "ok")
        #expect(try pending.readResponse().text == "6")
        #expect(engine.echo.closeReasons == ["transport close"])
        #expect(try engine.poll(sid).status == 400)
    }

    @Test("answers 413 to a POST larger than maxPayload")
    func payloadTooLarge() throws {
        let engine = try EngineTestServer { $0.maxPayload = 100 }
        defer { engine.stop() }
        let sid = try engine.handshake()
        #expect(try engine.post(sid, "4" + String(repeating: "x", count: 200)).status == 413)
    }

    @Test("closes the session with parse error on an invalid payload")
    func parseError() throws {
        let engine = try EngineTestServer()
        defer { engine.stop() }
        let sid = try engine.handshake()
        #expect(try engine.post(sid, "abc").status == 400)
        #expect(engine.echo.closeReasons == ["parse error"])
    }

    @Test("pings every pingInterval and closes with ping timeout when no pong comes")
    func heartbeat() throws {
        let engine = try EngineTestServer {
            $0.pingInterval = .milliseconds(100)
            $0.pingTimeout = .milliseconds(100)
        }
        defer { engine.stop() }
        let sid = try engine.handshake()
        #expect(try engine.poll(sid).text == "2")
        #expect(try engine.post(sid, "3").text == "ok")
        #expect(try engine.poll(sid).text == "2")
        #expect(engine.echo.closed.wait(timeout: .seconds(2)))
        #expect(engine.echo.closeReasons == ["ping timeout"])
    }

    @Test("a GET after pingInterval + pingTimeout of silence finds the session closed, even before its timer has run")
    func pollAfterTheDeadline() throws {
        // The official suites' "closes the session upon ping timeout": sleep exactly 300 + 200 ms, then poll. The
        // manual clock jumps past both deadlines without waking the loop, so the GET is read before any timer runs.
        let clock = ManualClock()
        let engine = try EngineTestServer(clock: clock) {
            $0.pingInterval = .milliseconds(300)
            $0.pingTimeout = .milliseconds(200)
        }
        defer { engine.stop() }
        let sid = try engine.handshake()
        clock.advance(by: .milliseconds(500))
        let response = try engine.poll(sid)
        #expect(response.status == 400)
        #expect(response.text == #"{"code":1,"message":"Session ID unknown"}"#)
        #expect(engine.echo.closeReasons == ["ping timeout"])
    }

    @Test("treats a ping from the client as an error (v4: only the server pings)")
    func clientPing() throws {
        let engine = try EngineTestServer()
        defer { engine.stop() }
        let sid = try engine.handshake()
        _ = try engine.post(sid, "2")
        #expect(engine.echo.closeReasons == ["transport error"])
    }

    @Test("sends no CORS headers by default")
    func corsOff() throws {
        let engine = try EngineTestServer()
        defer { engine.stop() }
        let response = try engine.get("", headers: [("Origin", "https://example.com")])
        #expect(response.header("Access-Control-Allow-Origin") == nil)
    }

    @Test("answers CORS preflights and adds the headers when configured")
    func corsOn() throws {
        let engine = try EngineTestServer { $0.cors = EngineCORS(origins: .list(["https://chat.example"]), credentials: true) }
        defer { engine.stop() }
        let preflight = try engine.server.request(
            "OPTIONS", "/engine.io/?EIO=4&transport=polling",
            headers: [("Origin", "https://chat.example"), ("Access-Control-Request-Method", "POST")])
        #expect(preflight.status == 204)
        #expect(preflight.header("Access-Control-Allow-Origin") == "https://chat.example")
        let response = try engine.get("", headers: [("Origin", "https://chat.example")])
        #expect(response.header("Access-Control-Allow-Origin") == "https://chat.example")
        #expect(response.header("Access-Control-Allow-Credentials") == "true")
    }
}
