// SPDX-License-Identifier: MIT

import Testing

@testable import SIOEngineIO

struct EngineSessionUpgradeTests {
    @Test("upgrades: 2probe gets 3probe and the pending GET a noop, 5 switches to WebSocket")
    func upgrades() {
        var machine = openedSession()
        _ = machine.transportReady()
        #expect(machine.attachProbe(.websocket, now: .seconds(1)) == true)
        #expect(machine.probeTransport == .websocket)
        #expect(machine.nextDeadline == .seconds(11))
        #expect(
            machine.receive(.probePing, from: .websocket, now: .seconds(2)) == [
                .send([.probePong], on: .websocket), .send([.noop], on: .polling),
            ])
        #expect(
            machine.receive(.upgrade, from: .websocket, now: .seconds(3)) == [
                .closeTransport(.polling), .upgrade(to: .websocket),
            ])
        #expect(machine.transport == .websocket)
        #expect(machine.probeTransport == nil)
        #expect(machine.isWritable)
        #expect(machine.nextDeadline == .seconds(25))
        #expect(machine.receive(.message("hello"), from: .websocket, now: .seconds(4)) == [.deliver(.text("hello"))])
        #expect(machine.send([.text("hello")]) == [.send([.message("hello")], on: .websocket)])
    }

    @Test("releases a GET that arrives after 3probe with a noop at once (the test suite's order)")
    func getAfterProbe() {
        var machine = openedSession()
        #expect(machine.attachProbe(.websocket, now: .seconds(1)) == true)
        #expect(
            machine.receive(.probePing, from: .websocket, now: .seconds(1)) == [.send([.probePong], on: .websocket)])
        #expect(machine.transportReady() == [.send([.noop], on: .polling)])
        #expect(
            machine.receive(.upgrade, from: .websocket, now: .seconds(2)) == [
                .closeTransport(.polling), .upgrade(to: .websocket),
            ])
    }

    @Test("does not release a pending GET before 2probe")
    func noNoopBeforeProbe() {
        var machine = openedSession()
        #expect(machine.attachProbe(.websocket, now: .seconds(1)) == true)
        #expect(machine.transportReady() == [])
        #expect(machine.isWritable)
    }

    @Test("sends packets queued during the probe on the WebSocket once upgraded")
    func flushesBufferAfterUpgrade() {
        var machine = openedSession()
        _ = machine.transportReady()
        _ = machine.attachProbe(.websocket, now: .seconds(1))
        _ = machine.receive(.probePing, from: .websocket, now: .seconds(1))
        #expect(machine.send([.text("during")]) == [])
        #expect(
            machine.receive(.upgrade, from: .websocket, now: .seconds(2)) == [
                .closeTransport(.polling), .upgrade(to: .websocket), .send([.message("during")], on: .websocket),
            ])
    }

    @Test("answers a GET with queued packets rather than a noop while probing, as Node does")
    func queuedPacketsBeatNoop() {
        var machine = openedSession()
        _ = machine.attachProbe(.websocket, now: .seconds(1))
        _ = machine.receive(.probePing, from: .websocket, now: .seconds(1))
        _ = machine.send([.text("x")])
        #expect(machine.transportReady() == [.send([.message("x")], on: .polling)])
    }

    @Test("closes a pending GET with 1 if it is still open when 5 arrives")
    func pendingGETAtUpgrade() {
        var machine = openedSession()
        _ = machine.attachProbe(.websocket, now: .seconds(1))
        _ = machine.transportReady()
        #expect(
            machine.receive(.upgrade, from: .websocket, now: .seconds(2)) == [
                .send([.close], on: .polling), .closeTransport(.polling), .upgrade(to: .websocket),
            ])
    }

    @Test("closes only the probe when 5 does not come within upgradeTimeout, 10 s")
    func upgradeTimeout() {
        var machine = openedSession()
        _ = machine.attachProbe(.websocket, now: .zero)
        _ = machine.receive(.probePing, from: .websocket, now: .seconds(3))
        #expect(machine.timerFired(now: .milliseconds(9_999)) == [])
        #expect(machine.timerFired(now: .seconds(10)) == [.closeTransport(.websocket)])
        #expect(machine.transport == .polling)
        #expect(machine.probeTransport == nil)
        #expect(machine.isClosed == false)
        #expect(machine.nextDeadline == .seconds(25))
        #expect(machine.attachProbe(.websocket, now: .seconds(11)) == true)
    }

    @Test("drops the probe on any other packet, keeping the session on polling")
    func otherPacketOnProbe() {
        var machine = openedSession()
        _ = machine.attachProbe(.websocket, now: .seconds(1))
        #expect(machine.receive(.message("x"), from: .websocket, now: .seconds(1)) == [.closeTransport(.websocket)])
        #expect(machine.probeTransport == nil)
        #expect(machine.isClosed == false)
    }

    @Test("drops the probe on a malformed message, a failure or a close of the probe")
    func probeFailures() {
        var machine = openedSession()
        _ = machine.attachProbe(.websocket, now: .seconds(1))
        #expect(machine.receiveMalformed(from: .websocket) == [.closeTransport(.websocket)])
        _ = machine.attachProbe(.websocket, now: .seconds(2))
        #expect(machine.transportFailed(.websocket) == [.closeTransport(.websocket)])
        _ = machine.attachProbe(.websocket, now: .seconds(3))
        #expect(machine.transportClosed(.websocket) == [])
        #expect(machine.probeTransport == nil)
        #expect(machine.isClosed == false)
    }

    @Test("upgrades on 5 even without 2probe, as Node does")
    func upgradeWithoutProbe() {
        var machine = openedSession()
        _ = machine.attachProbe(.websocket, now: .seconds(1))
        #expect(
            machine.receive(.upgrade, from: .websocket, now: .seconds(1)) == [
                .closeTransport(.polling), .upgrade(to: .websocket),
            ])
    }

    @Test("refuses a second probe, a probe after the upgrade, and a probe of the current transport")
    func refusesProbes() {
        var machine = openedSession()
        #expect(machine.attachProbe(.polling, now: .seconds(1)) == false)
        #expect(machine.attachProbe(.websocket, now: .seconds(1)) == true)
        #expect(machine.attachProbe(.websocket, now: .seconds(1)) == false)
        _ = machine.receive(.upgrade, from: .websocket, now: .seconds(2))
        #expect(machine.attachProbe(.websocket, now: .seconds(3)) == false)
        var webSocketOnly = openedSession(.websocket)
        #expect(webSocketOnly.attachProbe(.websocket, now: .seconds(1)) == false)
        var closing = openedSession()
        _ = closing.close(now: .seconds(1))
        #expect(closing.attachProbe(.websocket, now: .seconds(1)) == false)
    }

    @Test("closes the probe too when the session closes during an upgrade")
    func sessionClosesDuringProbe() {
        var machine = openedSession()
        _ = machine.attachProbe(.websocket, now: .seconds(1))
        #expect(
            machine.receive(.close, from: .polling, now: .seconds(2)) == [
                .closeTransport(.polling), .closeTransport(.websocket), .closeSession(.transportClose),
            ])
    }

    @Test("abandons the upgrade when the server closes the session")
    func serverCloseDuringProbe() {
        var machine = openedSession()
        _ = machine.attachProbe(.websocket, now: .seconds(1))
        #expect(machine.close(now: .seconds(2)) == [.closeTransport(.websocket)])
        #expect(machine.receive(.upgrade, from: .websocket, now: .seconds(3)) == [])
    }

    @Test("keeps the heartbeat across the upgrade: a ping sent over polling is answered over WebSocket")
    func heartbeatAcrossUpgrade() {
        var configuration = EngineConfiguration()
        configuration.upgradeTimeout = .seconds(60)
        var machine = openedSession(configuration: configuration)
        _ = machine.transportReady()
        #expect(machine.timerFired(now: .seconds(25)) == [.send([.ping], on: .polling)])
        _ = machine.attachProbe(.websocket, now: .seconds(26))
        _ = machine.receive(.probePing, from: .websocket, now: .seconds(26))
        _ = machine.receive(.upgrade, from: .websocket, now: .seconds(27))
        #expect(machine.nextDeadline == .seconds(45))
        #expect(machine.receive(.pong, from: .websocket, now: .seconds(28)) == [])
        #expect(machine.timerFired(now: .seconds(53)) == [.send([.ping], on: .websocket)])
    }

    @Test("ignores packets from a transport that is neither current nor probing")
    func strayTransport() {
        var machine = openedSession()
        #expect(machine.receive(.message("x"), from: .websocket, now: .seconds(1)) == [])
        #expect(machine.transportFailed(.websocket) == [])
    }
}
