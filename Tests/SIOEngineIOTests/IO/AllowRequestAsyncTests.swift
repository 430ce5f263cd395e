// SPDX-License-Identifier: MIT

import Foundation
import SIOEngineIO
import SIOHTTP
import SIOTestSupport
import Testing

/// `allowRequestAsync` (Node's `allowRequest` answering its callback later) on polling handshakes, against a real
/// server on port 0. The hook waits at an `AsyncGate`, the tests' stand-in for a slow database.
@Suite("Engine.IO asynchronous allowRequest, live")
struct AllowRequestAsyncTests {
    static let handshakeRequest = "GET /engine.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: x\r\n\r\n"

    @Test("keeps a handshake waiting for the check while the loop answers others, then opens the session")
    func acceptsLater() throws {
        let gate = AsyncGate()
        defer { gate.open() }
        let engine = try EngineTestServer { $0.allowRequestAsync = { _ in await gate.wait(); return .accept } }
        defer { engine.stop() }
        let waiting = try engine.server.client()
        try waiting.send(Self.handshakeRequest)
        #expect(gate.arrived.wait(timeout: .seconds(2)))
        // The loop is free: another request is answered while the check waits.
        #expect(try engine.get("&sid=nope").status == 400)
        gate.open()
        let response = try waiting.readResponse()
        #expect(response.status == 200)
        #expect(response.text.hasPrefix("0{\"sid\":\""))
        #expect(engine.echo.opened.wait(timeout: .seconds(1)))
    }

    @Test("refuses with 403, the hook's message and a connection_error code 4 when the check says no")
    func refusesLater() throws {
        let errors = Recorded<EngineConnectionError>()
        let engine = try EngineTestServer({ configuration in
            configuration.allowRequestAsync = { request in
                await Task.yield()
                return request.header("Origin") == "https://chat.example" ? .accept : .reject(message: "banned")
            }
        }) { $0.onConnectionError { errors.append($0) } }
        defer { engine.stop() }
        let refused = try engine.get("", headers: [("Origin", "https://evil.example")])
        #expect(refused.status == 403)
        #expect(refused.text == #"{"code":4,"message":"banned"}"#)
        #expect(errors.all.map(\.code) == [4])
        #expect(errors.all.first?.context == ["message": "banned"])
        #expect(try engine.get("", headers: [("Origin", "https://chat.example")]).status == 200)
    }

    @Test("refuses with 403 Handshake check timed out when the check outlives allowRequestTimeout")
    func timesOut() throws {
        let gate = AsyncGate()
        defer { gate.open() }
        let errors = Recorded<EngineConnectionError>()
        let engine = try EngineTestServer({ configuration in
            configuration.allowRequestTimeout = .milliseconds(100)
            configuration.allowRequestAsync = { _ in await gate.wait(); return .accept }
        }) { $0.onConnectionError { errors.append($0) } }
        defer { engine.stop() }
        let response = try engine.get("")
        #expect(response.status == 403)
        #expect(response.text == #"{"code":4,"message":"Handshake check timed out"}"#)
        #expect(errors.all.first?.context == ["message": "Handshake check timed out"])
        // The late answer changes nothing: no session opens.
        gate.open()
        #expect(!engine.echo.opened.wait(timeout: .milliseconds(200)))
    }

    @Test("does not run the check for requests of an existing session")
    func handshakesOnly() throws {
        let engine = try EngineTestServer { $0.allowRequestAsync = { _ in .accept } }
        defer { engine.stop() }
        let sid = try engine.handshake()
        let gateless = try engine.post(sid, "4hi")
        #expect(gateless.status == 200)
        #expect(try engine.poll(sid).text == "4hi")
    }

    @Test("drops the answer of a check whose client left, and opens no session")
    func clientLeaves() throws {
        let gate = AsyncGate()
        defer { gate.open() }
        let engine = try EngineTestServer { $0.allowRequestAsync = { _ in await gate.wait(); return .accept } }
        defer { engine.stop() }
        do {
            let waiting = try engine.server.client()
            try waiting.send(Self.handshakeRequest)
            #expect(gate.arrived.wait(timeout: .seconds(2)))
        }
        // The client's socket is closed (`deinit`); wait until the server has seen it go.
        let deadline = ContinuousClock.now + .seconds(2)
        while try engine.server.onLoop({ engine.server.server.connectionCount }) > 0, ContinuousClock.now < deadline {
            Thread.sleep(forTimeInterval: 0.01)
        }
        #expect(try engine.server.onLoop { engine.server.server.connectionCount } == 0)
        gate.open()
        #expect(!engine.echo.opened.wait(timeout: .milliseconds(200)))
    }
}
