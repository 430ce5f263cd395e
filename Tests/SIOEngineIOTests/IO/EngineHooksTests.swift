// SPDX-License-Identifier: MIT

import SIOEngineIO
import SIOHTTP
import SIOTestSupport
import Testing

/// The operator's hooks (engine.io `server.ts`): `connection_error`, `initial_headers`, `headers` and the `cookie`
/// option, against a real server on port 0.
@Suite("Engine.IO hooks, live")
struct EngineHooksTests {
    /// A test server whose `connection_error` reports go to `errors`.
    static func server(
        errors: Recorded<EngineConnectionError>, _ configure: (inout EngineConfiguration) -> Void = { _ in },
        setup: @escaping (EngineServer) -> Void = { _ in }
    ) throws -> EngineTestServer {
        try EngineTestServer(configure) { engine in
            engine.onConnectionError { errors.append($0) }
            setup(engine)
        }
    }

    @Test("reports a poll for an unknown session as connection_error code 1 before answering it 400")
    func unknownSession() throws {
        let errors = Recorded<EngineConnectionError>()
        let engine = try Self.server(errors: errors)
        defer { engine.stop() }
        let response = try engine.get("&sid=nope")
        #expect(response.status == 400)
        #expect(response.text == #"{"code":1,"message":"Session ID unknown"}"#)
        // Reported before the answer was written: it is there as soon as the answer is.
        let error = try #require(errors.all.first)
        #expect(error.code == 1)
        #expect(error.message == "Session ID unknown")
        #expect(error.context == ["sid": "nope"])
        #expect(error.request.queryValue("sid") == "nope")
        #expect(error.request.remoteAddress == "127.0.0.1")
    }

    @Test("reports a handshake refused for its origin with the official code 4 and the hook's message")
    func refusedOrigin() throws {
        let errors = Recorded<EngineConnectionError>()
        let engine = try Self.server(errors: errors) { configuration in
            configuration.allowRequest = { request in
                request.header("Origin") == "https://chat.example" ? .accept : .reject(message: "origin not allowed")
            }
        }
        defer { engine.stop() }
        let refused = try engine.get("", headers: [("Origin", "https://evil.example")])
        #expect(refused.status == 403)
        #expect(refused.text == #"{"code":4,"message":"origin not allowed"}"#)
        #expect(try engine.get("", headers: [("Origin", "https://chat.example")]).status == 200)
        #expect(errors.all.count == 1)
        let error = try #require(errors.all.first)
        #expect(error.code == 4)
        #expect(error.message == "Forbidden")
        #expect(error.context == ["message": "origin not allowed"])
        #expect(error.request.header("Origin") == "https://evil.example")
    }

    @Test("counts every reported error in statistics, by code, through the same path")
    func countersFollowTheEvent() throws {
        let errors = Recorded<EngineConnectionError>()
        var engineOnLoop: EngineServer?
        let engine = try Self.server(errors: errors, setup: { engineOnLoop = $0 })
        defer { engine.stop() }
        _ = try engine.get("&sid=nope")
        _ = try engine.server.request("GET", "/engine.io/?EIO=4&transport=pigeon")
        _ = try engine.server.request("POST", "/engine.io/?EIO=4&transport=polling")
        #expect(errors.all.map(\.code) == [1, 0, 2])
        let counts = try engine.server.onLoop { (0...5).map { engineOnLoop?.statistics.requestErrors(code: $0) ?? -1 } }
        #expect(counts == [1, 1, 1, 0, 0, 0])
    }

    @Test("sets the cookie option's Set-Cookie on the handshake only, and no cookie without the option")
    func cookie() throws {
        let engine = try EngineTestServer { $0.cookie = EngineCookie() }
        defer { engine.stop() }
        let handshake = try engine.get("")
        let sid = try EngineTestServer.sessionID(in: handshake.text)
        #expect(handshake.header("Set-Cookie") == "io=\(sid); Path=/; HttpOnly; SameSite=Lax")
        #expect(try engine.post(sid, "4hi").header("Set-Cookie") == nil)
        #expect(try engine.poll(sid).header("Set-Cookie") == nil)

        let plain = try EngineTestServer()
        defer { plain.stop() }
        #expect(try plain.get("").header("Set-Cookie") == nil)
    }

    @Test("runs initial_headers on the handshake only and headers on every polling response, after the cookie")
    func headerHooks() throws {
        let engine = try EngineTestServer({ $0.cookie = EngineCookie(name: "lb") }) { engine in
            engine.onInitialHeaders { headers, request in
                headers.add(name: "X-Initial", value: headers["Set-Cookie"] == nil ? "no cookie yet" : "after cookie")
                headers.add(name: "X-Transport", value: request.queryValue("transport") ?? "")
            }
            engine.onHeaders { headers, request in
                headers["X-Served-By"] = "test"
                headers["Cache-Control"] = "no-store, private"
                headers["X-Had-Initial"] = headers["X-Initial"] == nil ? "no" : "yes"
            }
        }
        defer { engine.stop() }
        let handshake = try engine.get("")
        #expect(handshake.header("X-Initial") == "after cookie")
        #expect(handshake.header("X-Transport") == "polling")
        #expect(handshake.header("X-Served-By") == "test")
        #expect(handshake.header("X-Had-Initial") == "yes")
        let sid = try EngineTestServer.sessionID(in: handshake.text)
        let post = try engine.post(sid, "4hello")
        #expect(post.header("X-Served-By") == "test")
        #expect(post.header("X-Initial") == nil)
        let poll = try engine.poll(sid)
        #expect(poll.text == "4hello")
        #expect(poll.header("X-Served-By") == "test")
        #expect(poll.header("X-Had-Initial") == "no")
        // A hook may change what the transport sets by default, as in Node.
        #expect(poll.header("cache-control") == "no-store, private")
        #expect(poll.header("Content-Type") == "text/plain; charset=UTF-8")
        #expect(try engine.get("&sid=nope").header("X-Served-By") == nil)
    }
}
