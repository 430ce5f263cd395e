// SPDX-License-Identifier: MIT

/// The upgrade from long-polling to WebSocket (Engine.IO v4 spec, "Upgrade"; engine.io `Socket._maybeUpgrade`).
///
/// ```
/// client                                      machine
/// GET ?transport=websocket&sid=X (101)  --->  attachProbe(.websocket)      awaitingProbe, upgradeTimeout starts
/// 2probe (on the WebSocket)             --->  send 3probe on .websocket,   probing
///                                             send 6 on .polling (if a GET is pending)
/// 5      (on the WebSocket)             --->  close .polling, upgrade(to: .websocket), flush the buffer there
/// ```
///
/// The client pauses polling before it probes, so the `6` (noop) ends its last long-poll cleanly and nothing
/// is lost: packets queued meanwhile wait in the write buffer and leave on the WebSocket. Node re-checks every
/// 100 ms for a pending `GET` to release; the machine sees every `GET` arrive, so it releases one at once, both the
/// one pending when `2probe` arrives and any that arrives later while probing.
///
/// Anything else on the probe, a probe failure, or no `5` within `upgradeTimeout` of the WebSocket connecting
/// closes the probe only: the session carries on over polling.
///
/// The heartbeat carries on across the switch: a ping sent over polling may be answered over WebSocket. (Node
/// clears the pong timeout when it switches, so the heartbeat never times out a client that ignores that ping.)
extension EngineSessionStateMachine {
    /// The transport being tried as an upgrade, if any.
    package var probeTransport: EngineTransportKind? {
        switch upgradeState {
        case .awaitingProbe(let kind, _), .probing(let kind, _): kind
        case .none, .upgraded: nil
        }
    }

    /// A new transport connected for this session (`EngineRoute.upgrade`). Returns `false` when it may not become a
    /// probe (the session is closing, already upgrading or upgraded, or the transport is not an upgrade of the
    /// current one): the I/O layer then refuses it (400 `Bad request`) or closes it, as Node closes such a WebSocket.
    package mutating func attachProbe(_ kind: EngineTransportKind, now: Duration) -> Bool {
        guard state == .open, upgradeState == .none, transport.upgradesTo.contains(kind) else { return false }
        upgradeState = .awaitingProbe(kind, deadline: now + upgradeTimeout)
        return true
    }

    /// When the probe times out, if one is attached.
    var upgradeDeadline: Duration? {
        switch upgradeState {
        case .awaitingProbe(_, let deadline), .probing(_, let deadline): deadline
        case .none, .upgraded: nil
        }
    }

    /// A packet arrived on the probe transport.
    mutating func receiveOnProbe(_ packet: EnginePacket) -> [Action] {
        guard let probe = probeTransport, let deadline = upgradeDeadline else { return [] }
        if packet == .probePing {
            upgradeState = .probing(probe, deadline: deadline)
            return [.send([.probePong], on: probe)] + noopForPendingPoll()
        }
        guard packet.type == .upgrade else { return abandonUpgrade() }
        // `5`: switch. The old transport is closed like any other (a pending GET, if one is left, gets `1`).
        upgradeState = .upgraded
        var actions: [Action] = []
        if transport == .polling && isTransportWritable {
            actions.append(.send([.close], on: .polling))
        }
        actions += [.closeTransport(transport), .upgrade(to: probe)]
        transport = probe
        isTransportWritable = true
        return actions + flush()
    }

    /// While probing, releases a pending long-poll `GET` with a noop so that the paused client can finish the
    /// upgrade. Only when nothing is queued: queued packets answer the `GET` instead, as in Node.
    mutating func noopForPendingPoll() -> [Action] {
        guard case .probing = upgradeState, state == .open, transport == .polling, isTransportWritable,
            writeBuffer.isEmpty
        else { return [] }
        isTransportWritable = false
        return [.send([.noop], on: .polling)]
    }

    /// Gives up an upgrade in progress and closes its probe transport; the session stays on its current transport.
    mutating func abandonUpgrade() -> [Action] {
        guard let probe = probeTransport else { return [] }
        upgradeState = .none
        return [.closeTransport(probe)]
    }
}
