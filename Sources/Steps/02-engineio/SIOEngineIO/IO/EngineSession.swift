// SPDX-License-Identifier: MIT

import SIOHTTP

/// One Engine.IO session: the state machine, its transports, and the one timer it needs.
///
/// The I/O here is deliberately dumb: every event goes into `EngineSessionStateMachine`, and the
/// returned actions are performed in order (`perform`). After each event the session re-arms its
/// timer at the machine's `nextDeadline` (heartbeat, ping timeout, upgrade timeout, close timeout).
public final class EngineSession: EngineTransportDelegate {
    /// The `sid` of the handshake (Engine.IO v4 "Handshake"): 20 characters of base64url.
    public let id: SessionID
    /// The handshake request: headers, query and address, for the layers above (Socket.IO's `handshake`).
    public let handshake: EngineRequest
    /// When the handshake happened, in seconds since 1970.
    public let createdAt: Double
    /// Where this session's messages and close go (Socket.IO's per-connection `Client`); without one, to the
    /// engine's delegate. Held strongly until the session closes: nothing else keeps a `Client` alive.
    public var delegate: (any EngineSessionDelegate)? {
        get { sessionDelegate }
        set { sessionDelegate = newValue }
    }
    /// The storage of `delegate`, private so that the compiler sees every access to it and checks exclusivity
    /// statically: a public stored property costs a runtime exclusivity check in `perform`, on every message.
    private var sessionDelegate: (any EngineSessionDelegate)?

    private var machine: EngineSessionStateMachine
    /// At most one transport of each kind: the current one and, during an upgrade, the probe.
    private var transports: TransportSlots
    private let loop: EventLoop
    private var timer: LoopTimer?
    private var armedDeadline: Duration?
    private weak var server: EngineServer?

    init(
        id: SessionID, handshake: EngineRequest, createdAt: Double, machine: EngineSessionStateMachine,
        transports: TransportSlots, loop: EventLoop, server: EngineServer
    ) {
        self.id = id
        self.handshake = handshake
        self.createdAt = createdAt
        self.machine = machine
        self.loop = loop
        self.server = server
        self.transports = transports
        for transport in transports.all { transport.delegate = self }
    }

    /// The name of the current transport: `polling` or `websocket`.
    public var transportName: String { machine.transport.rawValue }

    var currentTransport: EngineTransportKind { machine.transport }

    /// Whether a message sent now leaves at once (Node's `transport.writable`).
    public var isWritable: Bool {
        machine.isWritable && (transports[machine.transport]?.isWritable ?? false)
    }

    /// True once the session closed, for any reason; `send` then does nothing.
    public var isClosed: Bool { machine.isClosed }

    /// Sends messages in order, as one batch (a Socket.IO binary event and its attachments). With `compress: false`
    /// (Socket.IO's `compress(false)`) no transport compresses them, whatever its settings.
    public func send(_ messages: [EngineMessage], compress: Bool = true) {
        perform(machine.send(messages, compress: compress))
    }

    /// Sends one `message` packet (type 4): buffered while polling, one frame on a WebSocket.
    public func send(_ message: EngineMessage) { send([message]) }

    /// Closes the session after flushing what is queued (`forced close`).
    public func close() {
        perform(machine.close(now: loop.now))
    }

    /// Closes at once, dropping what is queued.
    public func abort(reason: EngineCloseReason) {
        perform(machine.abort(reason: reason))
    }

    // MARK: Transports

    /// The long-polling transport, typed: the engine hands it each `GET` and `POST` of this session.
    var pollingTransport: PollingTransport? { transports.polling }

    /// Attaches `transport` as an upgrade probe. Returns false (and the caller closes it) when the
    /// session may not upgrade now.
    func attachProbe(_ transport: any EngineTransport) -> Bool {
        guard machine.attachProbe(transport.kind, now: loop.now) else { return false }
        transports.insert(transport)
        transport.delegate = self
        rearm()
        return true
    }

    package func transport(_ transport: any EngineTransport, didReceive packet: EnginePacket) {
        perform(machine.receive(packet, from: transport.kind, now: loop.now))
    }

    package func transportDidReceiveMalformedData(_ transport: any EngineTransport) {
        perform(machine.receiveMalformed(from: transport.kind))
    }

    package func transportDidClose(_ transport: any EngineTransport) {
        forget(transport)
        perform(machine.transportClosed(transport.kind))
    }

    package func transportDidFail(_ transport: any EngineTransport) {
        // Not forgotten first: a failed long-poll may still owe its pending GET the `1` close packet.
        perform(machine.transportFailed(transport.kind))
    }

    package func transportDidBecomeWritable(_ transport: any EngineTransport) {
        guard transport.kind == machine.transport else { return }
        perform(machine.transportReady())
    }

    private func forget(_ transport: any EngineTransport) {
        if let known = transports[transport.kind], known === transport { _ = transports.remove(transport.kind) }
    }

    // MARK: Actions

    private func perform(_ actions: [EngineSessionStateMachine.Action]) {
        for action in actions {
            switch action {
            case .send(let packets, let kind):
                transports[kind]?.send(packets)
            case .deliver(let message):
                if let sessionDelegate {
                    sessionDelegate.engineSession(self, didReceive: message)
                } else {
                    server?.delegate?.engineSession(self, didReceive: message)
                }
            case .upgrade:
                server?.statistics.upgrades += 1
            case .writeBufferFull:
                server?.statistics.writeBufferOverflows += 1
            case .closeTransport(let kind):
                let transport = transports.remove(kind)
                transport?.delegate = nil
                transport?.close()
            case .closeSession(let reason):
                timer?.cancel()
                timer = nil
                for transport in transports.all {
                    transport.delegate = nil
                    transport.close()
                }
                transports.removeAll()
                server?.sessionClosed(self, reason: reason)
                // The delegate (Socket.IO's client) holds this session too: break the cycle.
                sessionDelegate = nil
                return
            }
        }
        rearm()
    }

    /// Runs the deadlines that have passed but whose timer has not run yet, before a request of this session is
    /// handled: the loop reads a socket before it runs the timers of the same iteration, and timers fire up to a
    /// millisecond late. A client that polls after `pingInterval + pingTimeout` of silence then finds its session
    /// over (`400` "Session ID unknown"), as the handshake announced, not one last answer from it.
    package func runDueDeadlines() {
        var handled: Duration?
        // Each run moves the deadline on or closes the session; the comparison with the last one only guards that.
        while let deadline = machine.nextDeadline, loop.now >= deadline, deadline != handled {
            handled = deadline
            perform(machine.timerFired(now: loop.now))
        }
    }

    private func rearm() {
        let deadline = machine.nextDeadline
        guard deadline != armedDeadline || (deadline != nil && timer?.isActive != true) else { return }
        timer?.cancel()
        armedDeadline = deadline
        guard let deadline else { timer = nil; return }
        timer = loop.schedule(after: deadline - loop.now) { [weak self] in
            guard let self else { return }
            armedDeadline = nil
            perform(machine.timerFired(now: loop.now))
        }
    }
}
