// SPDX-License-Identifier: MIT

import SIOEngineIO
import SIOTestSupport
import Synchronization
import Testing

/// The write buffer of a polling session, against a real server on port 0: what waits for a `GET` is bounded,
/// and every `GET` takes the next packets, once each.
@Suite("Engine.IO long-polling: write buffer")
struct PollingWriteBufferTests {
    /// Keeps the engine of the test server, to read its statistics on the loop.
    final class EngineBox: @unchecked Sendable {
        var engine: EngineServer?
    }

    @Test("closes the session of a client that POSTs but never GETs with transport error once the buffer is full")
    func neverPolls() throws {
        let box = EngineBox()
        let engine = try EngineTestServer({ $0.maxBufferedPackets = 50 }, setup: { box.engine = $0 })
        defer { engine.stop() }
        let sid = try engine.handshake()
        let messages = (0..<40).map { "4m\($0)" }.joined(separator: "\u{1e}")
        #expect(try engine.post(sid, messages).status == 200)
        #expect(engine.echo.closeReasons.isEmpty)
        // 80 echoes wait now, more than 50: the second POST's echoes close the session.
        #expect(try engine.post(sid, messages).status == 200)
        #expect(engine.echo.firstCloseReason() == "transport error")
        #expect(try engine.poll(sid).text == #"{"code":1,"message":"Session ID unknown"}"#)
        let overflows = try engine.server.onLoop { box.engine?.statistics.writeBufferOverflows }
        #expect(overflows == 1)
        let closes = try engine.server.onLoop { box.engine?.statistics.closes[.transportError] }
        #expect(closes == 1)
    }

    @Test("hands what waits to the following GETs in order, each packet once")
    func drainsInOrder() throws {
        let engine = try EngineTestServer()
        defer { engine.stop() }
        let sid = try engine.handshake()
        let sent = (0..<100).map { "4m\($0)" }
        #expect(try engine.post(sid, sent.joined(separator: "\u{1e}")).status == 200)
        var received: [String] = []
        while received.count < sent.count {
            let body = try engine.poll(sid).text
            received += body.split(separator: "\u{1e}").map(String.init)
        }
        #expect(received == sent)
        #expect(try engine.post(sid, "4last").status == 200)
        #expect(try engine.poll(sid).text == "4last")
        #expect(engine.echo.closeReasons.isEmpty)
    }
}
