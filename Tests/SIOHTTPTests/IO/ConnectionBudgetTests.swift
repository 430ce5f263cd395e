// SPDX-License-Identifier: MIT

import SIOHTTP
import SIOTestSupport
import Testing

/// A protocol taken over after `101` that answers every line with `answer`: one byte in, kilobytes out.
/// Like the real protocols above HTTP it holds its answers while the connection is back-pressured, and
/// goes on when it drains.
final class Amplifier: ConnectionHandler {
    let answer: [UInt8]
    private(set) var connection: Connection?
    private(set) var drains = 0
    private(set) var closed = false
    /// Lines read and not answered yet.
    private var owed = 0

    init(answer: [UInt8]) {
        self.answer = answer
    }

    func start(on connection: Connection) {
        self.connection = connection
        connection.setHandler(self)
    }

    func connection(_ connection: Connection, didRead bytes: ArraySlice<UInt8>) {
        owed += bytes.count { $0 == UInt8(ascii: "\n") }
        answerOwedLines(on: connection)
    }

    func connectionDidDrain(_ connection: Connection) {
        drains += 1
        answerOwedLines(on: connection)
    }

    func connectionDidClose(_ connection: Connection) { closed = true }

    private func answerOwedLines(on connection: Connection) {
        while owed > 0 && !connection.isBackPressured {
            owed -= 1
            connection.write(answer)
        }
    }
}

/// The taken-over connection of the last upgrade (loop thread only).
// `@unchecked Sendable`, test-only: it is made before the server's loop exists (so no `LoopBound`), then written
// by a handler on that loop and read there through `server.onLoop`.
final class AmplifierSlot: @unchecked Sendable {
    var amplifier: Amplifier?
}

/// A raw `Connection` under `ConnectionLimits`: paused, resumed, and cut off at the cap.
@Suite("Connection budget")
struct ConnectionBudgetTests {
    /// `/amp` takes the connection over with an `Amplifier` answering 4 KiB per line; `/burst` writes
    /// 64 KiB eight times in one go, right after the `101`.
    static func server(slot: AmplifierSlot) throws -> TestServer {
        var configuration = HTTPServer.Configuration()
        configuration.connectionLimits = BackPressureTests.limits()
        let upgrade = HTTPResponse(status: .switchingProtocols, headers: ["Upgrade": "amp", "Connection": "Upgrade"])
        return try TestServer(configuration: configuration) { server in
            server.mount("/amp") { _, _ in
                .takeover(upgrade) { connection, _ in
                    let amplifier = Amplifier(answer: [UInt8](repeating: 0x61, count: 4096))
                    slot.amplifier = amplifier
                    amplifier.start(on: connection)
                }
            }
            server.mount("/burst") { _, _ in
                .takeover(upgrade) { connection, _ in
                    let amplifier = Amplifier(answer: [])
                    slot.amplifier = amplifier
                    amplifier.start(on: connection)
                    for _ in 0..<8 { connection.write([UInt8](repeating: 0x62, count: 64 << 10)) }
                }
            }
            server.mount("/lines") { _, _ in
                .takeover(upgrade) { connection, leftover in LineEcho().start(on: connection, leftover: leftover) }
            }
            server.mount("/health") { _, _ in .response(HTTPResponse(text: "ok")) }
        }
    }

    /// Runs `body` with a fresh server, its slot and a client connected to it.
    static func withServer(_ body: (TestServer, AmplifierSlot, RawClient) throws -> Void) throws {
        let slot = AmplifierSlot()
        let server = try Self.server(slot: slot)
        defer { server.stop() }
        try body(server, slot, try server.client())
    }

    static func upgrade(_ path: String) -> String {
        "GET \(path) HTTP/1.1\r\nHost: x\r\nUpgrade: amp\r\nConnection: Upgrade\r\n\r\n"
    }

    @Test("stops reading past the high-water mark, and reads again once the peer drains")
    func pauseAndResume() throws {
        try Self.withServer { server, slot, client in
            client.shrinkSendBuffer()
            try client.send(Self.upgrade("/amp"))
            #expect(try client.readResponse().status == 101)
            let line = [UInt8](repeating: 0x78, count: 1023) + [0x0A]
            let sent = try client.sendUntilBlocked(line, limit: 64 << 20)
            #expect(sent < 64 << 20)
            let state = try server.onLoop { () -> (Bool, Bool, Int)? in
                guard let connection = slot.amplifier?.connection else { return nil }
                return (connection.isBackPressured, connection.isReadingPaused, connection.queuedBytes)
            }
            let (backPressured, paused, queued) = try #require(state)
            #expect(backPressured && paused)
            #expect(queued <= BackPressureTests.limits().maxQueuedBytes)
            _ = try client.read(count: sent / line.count * 4096)
            try client.send("x\n")
            _ = try client.read(count: 4096)
            let resumed = try server.onLoop {
                (slot.amplifier?.drains ?? 0) >= 1 && slot.amplifier?.connection?.isReadingPaused == false
            }
            #expect(resumed)
        }
    }

    @Test("disconnects at once when writes take a paused queue past the cap")
    func overflow() throws {
        try Self.withServer { server, slot, client in
            try client.send(Self.upgrade("/burst"))
            let disconnected = try eventually {
                try server.onLoop {
                    slot.amplifier?.closed == true && server.server.statistics.overflowDisconnects == 1
                        && server.server.statistics.openConnections == 0
                }
            }
            #expect(disconnected)
        }
    }

    @Test("a connection taken over while pipelined requests were held reads on")
    func takeoverAfterHeldRequests() throws {
        try Self.withServer { server, slot, client in
            let health = String(repeating: "GET /health HTTP/1.1\r\nHost: x\r\n\r\n", count: 20)
            try client.send(health + Self.upgrade("/lines") + "early\n")
            for _ in 0..<20 { #expect(try client.readResponse().text == "ok") }
            #expect(try client.readResponse().status == 101)
            #expect(try client.read(until: Array("\n".utf8)) == Array("early\n".utf8))
            try client.send("later\n")
            #expect(try client.read(until: Array("\n".utf8)) == Array("later\n".utf8))
        }
    }
}
