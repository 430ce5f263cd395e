// SPDX-License-Identifier: MIT

/// The life of one Engine.IO session, as a pure state machine: events in, actions out.
///
/// It holds everything engine.io's `socket.ts` decides (the write buffer, the heartbeat, the close rules, the
/// upgrade dance) and nothing that touches the world: no sockets, no timers, no clock. The I/O layer feeds it
/// events, performs the returned `Action`s in order, and arms a single timer at `nextDeadline`. This is the shape
/// of Hummingbird's `HTTPConnectionStateHandler.StateMachine`, and it lets the tests play a whole session
/// (ping at 25 s, `ping timeout` at 45 s) in microseconds. The upgrade and the endings live in
/// `EngineSessionStateMachine+Upgrade.swift` and `EngineSessionStateMachine+Close.swift`.
///
/// **Time.** Every event that needs the time takes `now`, a `Duration` since any fixed origin (the event loop's
/// monotonic clock). After handling any event, the I/O layer re-reads `nextDeadline` and (re)arms its one timer for
/// the session there; when the timer fires it calls `timerFired(now:)`. A timer that fires early or late is harmless:
/// `timerFired` acts on exactly the deadlines that have passed.
///
/// **Writing.** Outgoing packets go into a write buffer, flushed when the current transport is writable
/// (engine.io `Socket.flush`):
/// - polling is writable while a long-poll `GET` is pending. One flush answers that `GET` (at most
///   `maxPayload` bytes and `maxPacketsPerPayload` packets; the rest waits for the next `GET`);
/// - WebSocket is writable from `transportReady()` on and stays so: the connection queues what it is given.
///
/// What waits is bounded (`EngineConfiguration.maxBufferedPackets` and `maxBufferedBytes`): a client that never
/// polls closes its session with `transport error` instead of growing it forever (see
/// `EngineSessionStateMachine+WriteBuffer.swift`).
///
/// **Heartbeat** (spec "Heartbeat"). `pingInterval` after the handshake the server sends `2`; a `3` must come back
/// within `pingTimeout`, or the session closes with `ping timeout`. Each pong schedules the next ping
/// `pingInterval` later (Node refreshes its interval timer on every pong, even an unsolicited one). A client ping
/// closes the session with `transport error` (Node: "invalid heartbeat direction").
///
/// **Closing.** See `EngineCloseReason` for the reasons. When the session closes, a pending `GET` is answered with
/// `1` (session closed by the server) or `6` (the client itself sent `1`), as Node's polling transport does.
///
/// ```swift
/// var machine = EngineSessionStateMachine(
///     transport: .polling, openPacket: open, configuration: configuration, now: loop.now)
/// perform(machine.transportReady())          // the handshake GET itself: answered with `0{"sid":...}`
/// perform(machine.receive(.pong, from: .polling, now: loop.now))
/// rearm(at: machine.nextDeadline)
/// ```
package struct EngineSessionStateMachine: Sendable {
    /// What the I/O layer must do, in the order given.
    package enum Action: Sendable, Equatable {
        /// Write these packets on that transport: as one payload answering the pending `GET` (polling: there is
        /// always one, since the machine tracks it), or as one WebSocket message each (websocket).
        case send([EnginePacket], on: EngineTransportKind)
        /// Hand an application message to the delegate (Socket.IO).
        case deliver(EngineMessage)
        /// The upgrade is complete: from now on the session's transport is this one (route requests and sends there).
        case upgrade(to: EngineTransportKind)
        /// The write buffer went past its bound: count it. The session closes right after (`transport error`).
        case writeBufferFull
        /// Close this transport and forget it; the session may live on in the other one.
        /// Emitted only for transports the machine closes, never for one the I/O reported closed.
        case closeTransport(EngineTransportKind)
        /// The session is over: remove it from the session table and tell the delegate why. Always the last action.
        case closeSession(EngineCloseReason)
    }

    /// How long a server-side `close()` waits for a long-poll `GET` to carry the close packet
    /// (engine.io polling `closeTimeout`, 30 s) before closing anyway.
    package static let closeTimeout: Duration = .seconds(30)

    enum State: Equatable {
        case open
        /// `close()` was called: flushing the write buffer, then closing; `deadline` is when we stop waiting.
        case closing(deadline: Duration)
        case closed
    }

    /// The upgrade sub-state (see `EngineSessionStateMachine+Upgrade.swift`).
    enum UpgradeState: Equatable {
        case none
        /// A probe transport is attached; it must send `2probe` (or `5`) before `deadline`.
        case awaitingProbe(EngineTransportKind, deadline: Duration)
        /// `2probe` was answered with `3probe`; waiting for `5` before `deadline`.
        case probing(EngineTransportKind, deadline: Duration)
        /// Done: a session upgrades at most once.
        case upgraded
    }

    /// The transport the session currently reads and writes.
    package internal(set) var transport: EngineTransportKind

    let pingInterval: Duration
    let pingTimeout: Duration
    let upgradeTimeout: Duration
    let maxPayload: Int
    let maxPacketsPerPayload: Int
    let maxBufferedPackets: Int
    let maxBufferedBytes: Int

    var state: State = .open
    var upgradeState: UpgradeState = .none
    /// For polling: a `GET` is pending. For WebSocket: `transportReady()` was called (or the upgrade completed).
    var isTransportWritable = false
    var writeBuffer = EngineWriteBuffer()
    /// When the next ping is due; `nil` while a ping waits for its pong.
    var nextPingAt: Duration?
    /// When the outstanding ping times out; `nil` when no ping is outstanding.
    var pongDeadline: Duration?

    /// A new session on `transport`, whose first packet will be `openPacket` (see `EngineHandshake.openPacket`).
    /// Nothing is sent until `transportReady()`: for polling the handshake `GET` itself, for WebSocket the connection.
    package init(
        transport: EngineTransportKind, openPacket: EnginePacket, configuration: EngineConfiguration, now: Duration
    ) {
        self.transport = transport
        self.pingInterval = configuration.pingInterval
        self.pingTimeout = configuration.pingTimeout
        self.upgradeTimeout = configuration.upgradeTimeout
        self.maxPayload = configuration.maxPayload
        self.maxPacketsPerPayload = configuration.maxPacketsPerPayload
        self.maxBufferedPackets = configuration.maxBufferedPackets
        // At least one largest payload fits: a message as large as the client may send, echoed, never overflows.
        self.maxBufferedBytes = max(configuration.maxBufferedBytes, configuration.maxPayload)
        writeBuffer.append(openPacket)
        self.nextPingAt = now + configuration.pingInterval
    }

    // MARK: - Queries

    /// Whether a packet sent now would leave at once (Node's `transport.writable`); Socket.IO drops `volatile`
    /// packets when it is `false`.
    package var isWritable: Bool { state == .open && isTransportWritable }

    /// Whether the session is over (`closeSession` was emitted).
    package var isClosed: Bool { state == .closed }

    /// The earliest moment `timerFired(now:)` has something to do, or `nil` when no timer is needed.
    package var nextDeadline: Duration? {
        switch state {
        case .closed:
            return nil
        case .closing(let deadline):
            return deadline
        case .open:
            // Read after every event, so compared in place: an array of three optionals would be two
            // heap allocations per message.
            return Self.earliest(Self.earliest(pongDeadline, nextPingAt), upgradeDeadline)
        }
    }

    private static func earliest(_ a: Duration?, _ b: Duration?) -> Duration? {
        guard let a else { return b }
        guard let b else { return a }
        return min(a, b)
    }

    // MARK: - Events

    /// The current transport can take a write: a long-poll `GET` arrived (polling), or the WebSocket connection is
    /// established (websocket, once). Flushes the write buffer.
    ///
    /// A second `GET` while one is pending is the I/O layer's to detect (it holds the pending response): answer it
    /// with 400 and report `transportFailed(.polling)`, which answers the first `GET` with `1` (spec: the server MUST
    /// return 400 and close the session).
    package mutating func transportReady() -> [Action] {
        guard state != .closed, !isTransportWritable else { return [] }
        isTransportWritable = true
        let noop = noopForPendingPoll()
        return noop.isEmpty ? flush() : noop
    }

    /// A packet arrived on `kind` (the current transport or the probe).
    package mutating func receive(_ packet: EnginePacket, from kind: EngineTransportKind, now: Duration) -> [Action] {
        if kind == probeTransport { return receiveOnProbe(packet) }
        // Node ignores packets once the session is closing (`onPacket` checks `readyState`).
        guard kind == transport, state == .open else { return [] }
        switch packet.type {
        case .message:
            return [.deliver(packet.payload)]
        case .pong:
            pongDeadline = nil
            nextPingAt = now + pingInterval
            return []
        case .ping:
            return terminate(.transportError)
        case .close:
            return clientClosedTransport()
        case .open, .upgrade, .noop:
            return []
        }
    }

    /// Data arrived on `kind` that is not a valid packet (an `EnginePayloadError` or `EnginePacketError`).
    /// On the current transport this closes the session with `parse error`; on a probe it only drops the probe.
    package mutating func receiveMalformed(from kind: EngineTransportKind) -> [Action] {
        if kind == probeTransport { return abandonUpgrade() }
        guard kind == transport, state == .open else { return [] }
        return terminate(.parseError)
    }

    /// The peer closed `kind` (a WebSocket close, a reset connection). On the current transport the session
    /// closes with `transport close`.
    package mutating func transportClosed(_ kind: EngineTransportKind) -> [Action] {
        if kind == probeTransport {
            upgradeState = .none
            return []
        }
        guard kind == transport, state != .closed else { return [] }
        isTransportWritable = false
        return finish(.transportClose)
    }

    /// `kind` failed: an overlapping long-poll `GET`, a WebSocket protocol or write error. On the current transport
    /// the session closes with `transport error`.
    package mutating func transportFailed(_ kind: EngineTransportKind) -> [Action] {
        if kind == probeTransport { return abandonUpgrade() }
        guard kind == transport, state != .closed else { return [] }
        return terminate(.transportError)
    }

    /// The client went away while its long-poll `GET` was pending: the session closes with `transport error`
    /// (Node: "poll connection closed prematurely"). Unlike `transportFailed(.polling)`, nothing is sent: that `GET`
    /// is gone, so every `send(_, on: .polling)` always has a pending `GET` to answer.
    package mutating func pollRequestAborted() -> [Action] {
        guard transport == .polling, isTransportWritable else { return [] }
        isTransportWritable = false
        return transportFailed(.polling)
    }

    /// Queues application messages, sent together in order (a Socket.IO binary event is one text message and its
    /// attachments). Dropped once the session is closing, as in Node. `compress: false` marks them uncompressed.
    package mutating func send(_ messages: [EngineMessage], compress: Bool = true) -> [Action] {
        guard state == .open else { return [] }
        let packets = messages.map { EnginePacket(message: $0, compress: compress) }
        // The common case on WebSocket: nothing waits, so the batch goes straight out, as `flush()` would
        // send it, without passing through (and regrowing) the write buffer.
        if transport == .websocket, isTransportWritable, writeBuffer.isEmpty {
            return packets.isEmpty ? [] : [.send(packets, on: .websocket)]
        }
        writeBuffer.append(contentsOf: packets)
        return flushWithinBound()
    }

    /// The timer armed at `nextDeadline` fired: sends the due ping, or closes the session on `ping timeout`,
    /// drops a probe that did not upgrade in time, or ends a `close()` that waited too long.
    package mutating func timerFired(now: Duration) -> [Action] {
        switch state {
        case .closed:
            return []
        case .closing(let deadline):
            return now >= deadline ? terminate(.forcedClose) : []
        case .open:
            if let pongDeadline, now >= pongDeadline { return terminate(.pingTimeout) }
            var actions: [Action] = []
            if let upgradeDeadline, now >= upgradeDeadline { actions += abandonUpgrade() }
            if let scheduled = nextPingAt, now >= scheduled {
                self.nextPingAt = nil
                // From when the ping was due, not from when the timer ran: the handshake told the client the
                // session ends `pingInterval + pingTimeout` after its last sign of life, and a late timer (a busy
                // loop, millisecond rounding) must not stretch that. Node counts from the send, so its sessions
                // outlive the promise by the timer's lateness, which the official suite's ping-timeout case races.
                pongDeadline = scheduled + pingTimeout
                writeBuffer.append(.ping)
                actions += flushWithinBound()
            }
            return actions
        }
    }

    // MARK: - Internals

    /// Sends what the current transport can take now (engine.io `Socket.flush`).
    mutating func flush() -> [Action] {
        guard isTransportWritable, state != .closed else { return [] }
        let closing = state != .open
        if transport == .websocket {
            var actions: [Action] = writeBuffer.isEmpty ? [] : [.send(writeBuffer.popAll(), on: .websocket)]
            if closing { actions += [.closeTransport(.websocket)] + finish(.forcedClose) }
            return actions
        }
        // Polling: one payload per GET. A closing session has `1` queued last (`close(now:)`): the payload that
        // carries it ends the session.
        guard !writeBuffer.isEmpty else { return [] }
        let packets = writeBuffer.popFront(maxBytes: maxPayload, maxPackets: maxPacketsPerPayload)
        isTransportWritable = false
        var actions: [Action] = [.send(packets, on: .polling)]
        if closing && writeBuffer.isEmpty { actions += [.closeTransport(.polling)] + finish(.forcedClose) }
        return actions
    }
}
