// SPDX-License-Identifier: MIT

import Foundation
import SIOLoops
import SIOServer
import SIOTestSupport
import Testing

/// Connection state recovery with two loops sharing one `LoopAdapterGroup`: the client's transport drops on one
/// loop and it comes back on the other, as a load balancer or the kernel may send its next connection anywhere.
@Suite("Connection state recovery across the event loops of one process")
struct LoopRecoveryTests {
    private func servers() throws -> LoopGroupServers {
        var configuration = ServerConfiguration()
        configuration.connectionStateRecovery = ConnectionStateRecovery(maxDisconnectionDuration: .seconds(10))
        return try LoopGroupServers(configuration: configuration)
    }


    /// Waits until loop `index` no longer has socket `id` (its transport close has been handled).
    private func waitUntilGone(_ servers: LoopGroupServers, _ index: Int, _ id: String) throws {
        for _ in 0..<500 where try servers.onLoop(index, { servers.io[index].sockets.sockets[id] != nil }) {
            Thread.sleep(forTimeInterval: 0.002)
        }
    }

    @Test("dropped on loop 0, back on loop 1: same id, rooms and data, each missed event once and in order")
    func recoversOnAnotherLoop() throws {
        let servers = try servers()
        defer { servers.stop() }
        let client = try PollingClient(port: servers.ports[0])
        let handshake = try RecoveryHandshake(client)
        try servers.onLoop(0) {
            let socket = servers.io[0].sockets.sockets[handshake.sid]!
            socket.join("lobby")
            socket.data["name"] = "ada"
            servers.io[0].to("lobby").emit("m", "1")
        }
        let offset = try #require(try RecoveryHandshake.offset(of: client.next()))
        try client.post("1")
        try waitUntilGone(servers, 0, handshake.sid)
        _ = try servers.onLoop(1) { servers.io[1].to("lobby").emit("m", "2") }
        _ = try servers.onLoop(0) { servers.io[0].to("lobby").emit("m", "3") }
        _ = try servers.onLoop(1) { servers.io[1].except("lobby").emit("m", "not mine") }
        _ = try servers.onLoop(0) { servers.io[0].local.emit("m", "loop 0 only: not kept") }
        _ = try servers.onLoop(0) { servers.io[0].emit("m", "4") }

        let back = try PollingClient(port: servers.ports[1])
        let again = try RecoveryHandshake(back, pid: handshake.pid, offset: offset)
        #expect(again.sid == handshake.sid)
        #expect(try RecoveryHandshake.texts(back.next(3)) == ["m 2", "m 3", "m 4"])
        let state = try servers.onLoop(1) {
            let socket = servers.io[1].sockets.sockets[again.sid]!
            return (socket.recovered, socket.rooms, socket.data["name"])
        }
        #expect(state.0)
        #expect(state.1 == [handshake.sid, "lobby"])
        #expect(state.2 == "ada")
        _ = try servers.onLoop(0) { servers.io[0].to("lobby").emit("m", "5") }
        #expect(try RecoveryHandshake.texts([back.next()]) == ["m 5"])
    }

    @Test("a missed broadcast that reaches the recovered socket late, from another loop, is not sent twice")
    func skipsLateCopies() throws {
        let servers = try servers()
        defer { servers.stop() }
        let client = try PollingClient(port: servers.ports[0])
        let handshake = try RecoveryHandshake(client)
        _ = try servers.onLoop(0) { servers.io[0].emit("m", "1") }
        let offset = try #require(try RecoveryHandshake.offset(of: client.next()))
        try client.post("1")
        try waitUntilGone(servers, 0, handshake.sid)
        _ = try servers.onLoop(0) { servers.io[0].emit("m", "2") }
        let back = try PollingClient(port: servers.ports[1])
        _ = try RecoveryHandshake(back, pid: handshake.pid, offset: offset)
        #expect(try RecoveryHandshake.texts([back.next()]) == ["m 2"])
        try servers.onLoop(1) {
            let socket = servers.io[1].sockets.sockets[handshake.sid]!
            let store = servers.io[1].sockets.adapter.sessionStore!
            let missed = store.packets(after: 0, for: [handshake.sid])!.entries.last!
            socket.deliver(missed.packet, encoded: missed.messages, volatile: false)
            servers.io[1].emit("m", "3")
        }
        #expect(try RecoveryHandshake.texts([back.next()]) == ["m 3"])
    }
}
