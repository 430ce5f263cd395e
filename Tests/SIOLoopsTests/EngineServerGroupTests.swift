// SPDX-License-Identifier: MIT

import SIOEngineIO
import SIOLoops
import SIOTestSupport
import Testing

/// Engine.IO with one loop per core: each request below comes on a new connection, and the listener deals
/// new connections to the loops in turn, so a session's requests keep landing on both loops.
@Suite("Engine.IO on several loops")
struct EngineServerGroupTests {
    @Test("serves a session whose long-polls and posts arrive on every loop")
    func sessionAcrossLoops() throws {
        let engine = try EngineTestServer(loops: 2)
        defer { engine.stop() }
        for round in 0..<3 {
            let sid = try engine.handshake()
            for message in 0..<3 {
                #expect(try engine.post(sid, "4round \(round) message \(message)").text == "ok")
                #expect(try engine.poll(sid).text == "4round \(round) message \(message)")
            }
        }
    }

    @Test("issues session ids that name the loop that opened them")
    func idsNameTheirLoop() throws {
        let engine = try EngineTestServer(loops: 2)
        defer { engine.stop() }
        let owners = try (0..<4).map { _ in SessionID(rawValue: try engine.handshake()).loop(of: 2) }
        #expect(owners == [0, 1, 0, 1])
    }

    @Test("answers an unknown session id with the official error on every loop")
    func unknownSessionOnEveryLoop() throws {
        let engine = try EngineTestServer(loops: 2)
        defer { engine.stop() }
        for sid in ["AAAAAAAAAAAAAAAAAAAA", "BAAAAAAAAAAAAAAAAAAA", "not-ours!"] {
            let response = try engine.poll(sid)
            #expect(response.status == 400)
            #expect(response.text == #"{"code":1,"message":"Session ID unknown"}"#)
        }
    }
}
