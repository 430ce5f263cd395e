// SPDX-License-Identifier: MIT

import Testing

@testable import SIOEngineIO

/// The open packet every test session starts with.
let sessionOpenPacket = EngineHandshake.openPacket(
    sessionID: SessionID(rawValue: "sid"), upgrades: [.websocket], configuration: EngineConfiguration())

/// A session opened at time zero whose handshake has been answered: for polling, the handshake GET got the
/// open packet (so no GET is pending); for WebSocket, the open packet was sent on the connection.
func openedSession(
    _ transport: EngineTransportKind = .polling, configuration: EngineConfiguration = EngineConfiguration()
) -> EngineSessionStateMachine {
    var machine = EngineSessionStateMachine(
        transport: transport, openPacket: sessionOpenPacket, configuration: configuration, now: .zero)
    _ = machine.transportReady()
    return machine
}

struct EngineSessionHeartbeatTests {
    @Test("answers the handshake GET with the open packet")
    func handshakeGET() {
        var machine = EngineSessionStateMachine(
            transport: .polling, openPacket: sessionOpenPacket, configuration: EngineConfiguration(), now: .zero)
        #expect(machine.isWritable == false)
        #expect(machine.transportReady() == [.send([sessionOpenPacket], on: .polling)])
        #expect(machine.isWritable == false)
        #expect(machine.nextDeadline == .seconds(25))
    }

    @Test("sends the open packet as soon as a WebSocket session's connection is ready")
    func handshakeWebSocket() {
        var machine = EngineSessionStateMachine(
            transport: .websocket, openPacket: sessionOpenPacket, configuration: EngineConfiguration(), now: .zero)
        #expect(machine.transportReady() == [.send([sessionOpenPacket], on: .websocket)])
        #expect(machine.isWritable)
    }

    @Test("sends a ping to the pending GET at pingInterval, 25 s")
    func pingAtInterval() {
        var machine = openedSession()
        #expect(machine.transportReady() == [])
        #expect(machine.timerFired(now: .milliseconds(24_999)) == [])
        #expect(machine.timerFired(now: .seconds(25)) == [.send([.ping], on: .polling)])
        #expect(machine.nextDeadline == .seconds(45))
    }

    @Test("closes with ping timeout at 45 s when no pong answers the 25 s ping")
    func pingTimeout() {
        var machine = openedSession()
        _ = machine.transportReady()
        _ = machine.timerFired(now: .seconds(25))
        _ = machine.transportReady()  // the client polls again, then goes silent
        #expect(machine.timerFired(now: .milliseconds(44_999)) == [])
        #expect(
            machine.timerFired(now: .seconds(45)) == [
                .send([.close], on: .polling), .closeTransport(.polling), .closeSession(.pingTimeout),
            ])
        #expect(machine.isClosed)
        #expect(machine.nextDeadline == nil)
    }

    @Test("a ping sent late still times out pingInterval + pingTimeout after the last sign of life, as announced")
    func latePingKeepsTheAnnouncedDeadline() {
        var machine = openedSession()
        _ = machine.transportReady()
        #expect(machine.timerFired(now: .milliseconds(25_003)) == [.send([.ping], on: .polling)])
        #expect(machine.nextDeadline == .seconds(45))
        #expect(machine.timerFired(now: .seconds(45)).last == .closeSession(.pingTimeout))
    }

    @Test("a pong cancels the timeout and schedules the next ping pingInterval later")
    func pongResets() {
        var machine = openedSession()
        _ = machine.timerFired(now: .seconds(25))
        #expect(machine.receive(.pong, from: .polling, now: .seconds(30)) == [])
        #expect(machine.nextDeadline == .seconds(55))
        #expect(machine.timerFired(now: .seconds(45)) == [])
        #expect(machine.isClosed == false)
        #expect(machine.transportReady() == [.send([.ping], on: .polling)])  // queued ping waits for the GET
        #expect(machine.timerFired(now: .seconds(55)) == [])
        #expect(machine.transportReady() == [.send([.ping], on: .polling)])
        #expect(machine.nextDeadline == .seconds(75))
    }

    @Test("an unsolicited pong postpones the next ping, as Node's timer refresh does")
    func unsolicitedPong() {
        var machine = openedSession()
        #expect(machine.receive(.pong, from: .polling, now: .seconds(10)) == [])
        #expect(machine.nextDeadline == .seconds(35))
    }

    @Test("a ping queued while no GET is pending leaves with the next GET; its timeout still runs from 25 s")
    func queuedPing() {
        var machine = openedSession()
        #expect(machine.timerFired(now: .seconds(25)) == [])
        #expect(machine.transportReady() == [.send([.ping], on: .polling)])
        #expect(machine.nextDeadline == .seconds(45))
    }

    @Test("closes with transport error when the client pings (v4: only the server pings)")
    func clientPing() {
        var machine = openedSession()
        _ = machine.transportReady()
        #expect(
            machine.receive(.ping, from: .polling, now: .seconds(1)) == [
                .send([.close], on: .polling), .closeTransport(.polling), .closeSession(.transportError),
            ])
    }

    @Test("runs the same heartbeat over WebSocket, with the test suite's 300/200 ms")
    func webSocketHeartbeat() {
        var configuration = EngineConfiguration()
        configuration.pingInterval = .milliseconds(300)
        configuration.pingTimeout = .milliseconds(200)
        var machine = openedSession(.websocket, configuration: configuration)
        #expect(machine.timerFired(now: .milliseconds(300)) == [.send([.ping], on: .websocket)])
        #expect(machine.receive(.pong, from: .websocket, now: .milliseconds(350)) == [])
        #expect(machine.timerFired(now: .milliseconds(650)) == [.send([.ping], on: .websocket)])
        #expect(
            machine.timerFired(now: .milliseconds(850)) == [.closeTransport(.websocket), .closeSession(.pingTimeout)])
    }
}

struct EngineSessionMessageTests {
    @Test("delivers text and binary messages to the application")
    func delivers() {
        var machine = openedSession()
        #expect(machine.receive(.message("hello"), from: .polling, now: .seconds(1)) == [.deliver(.text("hello"))])
        #expect(
            machine.receive(EnginePacket(message: .binary([1, 2, 3, 4])), from: .polling, now: .seconds(1)) == [
                .deliver(.binary([1, 2, 3, 4]))
            ])
    }

    @Test("ignores open, upgrade and noop packets from the client, as Node does")
    func ignoresOtherTypes() {
        var machine = openedSession()
        for packet in [EnginePacket(.open), .upgrade, .noop] {
            #expect(machine.receive(packet, from: .polling, now: .seconds(1)) == [])
        }
        #expect(machine.isClosed == false)
    }

    @Test("keeps messages until the next GET, then sends them in one payload")
    func queuesUntilGET() {
        var machine = openedSession()
        #expect(machine.send([.text("451-[\"ev\"]"), .binary([1, 2])]) == [])
        #expect(machine.isWritable == false)
        #expect(
            machine.transportReady() == [
                .send([.message("451-[\"ev\"]"), EnginePacket(message: .binary([1, 2]))], on: .polling)
            ])
    }

    @Test("answers a pending GET at once, and queues what comes after until the next GET")
    func sendsToPendingGET() {
        var machine = openedSession()
        _ = machine.transportReady()
        #expect(machine.isWritable)
        #expect(machine.send([.text("a")]) == [.send([.message("a")], on: .polling)])
        #expect(machine.isWritable == false)
        #expect(machine.send([.text("b")]) == [])
        #expect(machine.transportReady() == [.send([.message("b")], on: .polling)])
    }

    @Test("splits a burst of 20 packets into payloads of 16 and 4")
    func packetCap() {
        var machine = openedSession()
        let messages = (1...20).map { EngineMessage.text("m\($0)") }
        _ = machine.send(messages)
        #expect(
            machine.transportReady() == [.send(messages.prefix(16).map { EnginePacket(message: $0) }, on: .polling)])
        #expect(machine.transportReady() == [.send(messages.suffix(4).map { EnginePacket(message: $0) }, on: .polling)])
    }

    @Test("cuts a payload at maxPayload bytes")
    func byteBudget() {
        var configuration = EngineConfiguration()
        configuration.maxPayload = 10
        var machine = openedSession(configuration: configuration)
        _ = machine.send([.text("aaaa"), .text("bbbb"), .text("cccc")])  // 5 bytes each, 11 with a separator
        #expect(machine.transportReady() == [.send([.message("aaaa")], on: .polling)])
        #expect(machine.transportReady() == [.send([.message("bbbb")], on: .polling)])
        #expect(machine.transportReady() == [.send([.message("cccc")], on: .polling)])
    }

    @Test("sends at once over WebSocket, which stays writable")
    func webSocketSends() {
        var machine = openedSession(.websocket)
        #expect(
            machine.send([.text("a"), .binary([9])]) == [
                .send([.message("a"), EnginePacket(message: .binary([9]))], on: .websocket)
            ])
        #expect(machine.isWritable)
        #expect(machine.send([.text("b")]) == [.send([.message("b")], on: .websocket)])
    }
}

struct EngineSessionCloseTests {
    @Test("releases the pending GET with a noop when the client POSTs 1, then closes with transport close")
    func clientClosesPolling() {
        var machine = openedSession()
        _ = machine.transportReady()
        #expect(
            machine.receive(.close, from: .polling, now: .seconds(1)) == [
                .send([.noop], on: .polling), .closeTransport(.polling), .closeSession(.transportClose),
            ])
    }

    @Test("closes with transport close on a client close packet when no GET is pending")
    func clientClosesWithoutGET() {
        var machine = openedSession()
        #expect(
            machine.receive(.close, from: .polling, now: .seconds(1)) == [
                .closeTransport(.polling), .closeSession(.transportClose),
            ])
    }

    @Test("closes with parse error on a malformed payload, answering the pending GET with 1")
    func parseError() {
        var machine = openedSession()
        _ = machine.transportReady()
        #expect(
            machine.receiveMalformed(from: .polling) == [
                .send([.close], on: .polling), .closeTransport(.polling), .closeSession(.parseError),
            ])
    }

    @Test("closes with transport error on an overlapping GET; the first GET gets 1")
    func overlappingGET() {
        var machine = openedSession()
        _ = machine.transportReady()
        #expect(
            machine.transportFailed(.polling) == [
                .send([.close], on: .polling), .closeTransport(.polling), .closeSession(.transportError),
            ])
    }

    @Test("closes with transport error, sending nothing, when the client drops its pending GET")
    func droppedGET() {
        var machine = openedSession()
        #expect(machine.pollRequestAborted() == [])  // no GET pending: nothing to abort
        _ = machine.transportReady()
        #expect(machine.pollRequestAborted() == [.closeTransport(.polling), .closeSession(.transportError)])
    }

    @Test("closes with transport close when the client closes its WebSocket")
    func webSocketClosed() {
        var machine = openedSession(.websocket)
        #expect(machine.transportClosed(.websocket) == [.closeSession(.transportClose)])
    }

    @Test("closes with parse error on a malformed WebSocket message")
    func webSocketParseError() {
        var machine = openedSession(.websocket)
        #expect(
            machine.receiveMalformed(from: .websocket) == [.closeTransport(.websocket), .closeSession(.parseError)])
    }

    @Test("server close sends what is queued plus 1 to the next GET, then closes with forced close")
    func serverClosePolling() {
        var machine = openedSession()
        _ = machine.send([.text("bye")])
        #expect(machine.close(now: .seconds(5)) == [])
        #expect(machine.nextDeadline == .seconds(35))
        #expect(machine.isWritable == false)
        #expect(
            machine.transportReady() == [
                .send([.message("bye"), .close], on: .polling), .closeTransport(.polling), .closeSession(.forcedClose),
            ])
        #expect(machine.isClosed)
    }

    @Test("server close answers a pending GET with 1 at once")
    func serverCloseWithPendingGET() {
        var machine = openedSession()
        _ = machine.transportReady()
        #expect(
            machine.close(now: .seconds(5)) == [
                .send([.close], on: .polling), .closeTransport(.polling), .closeSession(.forcedClose),
            ])
    }

    @Test("server close gives up waiting for a GET after 30 s")
    func serverCloseTimeout() {
        var machine = openedSession()
        _ = machine.close(now: .seconds(5))
        #expect(machine.timerFired(now: .seconds(25)) == [])  // no ping while closing
        #expect(machine.timerFired(now: .seconds(35)) == [.closeTransport(.polling), .closeSession(.forcedClose)])
    }

    @Test("server close over WebSocket flushes the queue and closes at once")
    func serverCloseWebSocket() {
        var machine = openedSession(.websocket)
        #expect(
            machine.close(now: .seconds(1)) == [.closeTransport(.websocket), .closeSession(.forcedClose)])
    }

    @Test("drops messages sent and packets received while closing, as Node does")
    func closingIgnoresTraffic() {
        var machine = openedSession()
        _ = machine.close(now: .seconds(1))
        #expect(machine.send([.text("late")]) == [])
        #expect(machine.receive(.message("late"), from: .polling, now: .seconds(2)) == [])
        #expect(machine.receive(.ping, from: .polling, now: .seconds(2)) == [])
        #expect(
            machine.transportReady() == [
                .send([.close], on: .polling), .closeTransport(.polling), .closeSession(.forcedClose),
            ])
    }

    @Test("abort closes at once with the given reason and drops the queue")
    func abort() {
        var machine = openedSession()
        _ = machine.send([.text("lost")])
        #expect(machine.abort(reason: .serverClose) == [.closeTransport(.polling), .closeSession(.serverClose)])
        #expect(machine.abort(reason: .serverClose) == [])
    }

    @Test("does nothing once closed")
    func closedIsFinal() {
        var machine = openedSession()
        _ = machine.receive(.close, from: .polling, now: .seconds(1))
        #expect(machine.receive(.message("x"), from: .polling, now: .seconds(2)) == [])
        #expect(machine.send([.text("x")]) == [])
        #expect(machine.transportReady() == [])
        #expect(machine.timerFired(now: .seconds(100)) == [])
        #expect(machine.close(now: .seconds(100)) == [])
        #expect(machine.transportFailed(.polling) == [])
        #expect(machine.transportClosed(.polling) == [])
        #expect(machine.nextDeadline == nil)
    }
}
