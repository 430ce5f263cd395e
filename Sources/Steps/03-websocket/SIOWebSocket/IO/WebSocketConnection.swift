// SPDX-License-Identifier: MIT

import SIOEngineIO
import SIOHTTP

/// One server-side WebSocket on a connection taken over from the HTTP server after `101` (RFC 6455 §4.2.2).
///
/// All the protocol lives in `WebSocketStateMachine`; this class is the I/O around it:
/// bytes read go into the machine, and its actions are carried out in order (deliver a message to the
/// delegate, write a frame, close the TCP connection). What the machine cannot do, because it needs a
/// clock, is done here with two timers:
///
/// - the **close timeout**: once a closing handshake starts (ours or the peer's) the connection is
///   aborted if it has not ended within `closeTimeout`. A peer that never answers our close frame, or
///   never reads, cannot keep the connection open (§7.1.1: the server closes the TCP connection);
/// - optional **server pings** every `pingInterval`: a peer that sent nothing at all during a whole
///   interval (not even the pong of the previous ping) is considered gone and the connection is dropped.
///   Engine.IO has its own heartbeat in its packets, so its transport leaves this off.
///
/// A large payload is written as a second buffer after its header (`connection.write([header, payload])`),
/// so it is handed to `writev` as it is, never copied into a frame buffer. A small one (up to
/// `coalescingLimit`) is copied behind its header into one buffer: copying a few hundred bytes costs less
/// than the extra allocations of a separate header and a chunk list.
///
/// With permessage-deflate negotiated (RFC 7692, `Configuration.perMessageDeflate`), data messages from the
/// threshold on leave compressed by the loop's shared `WebSocketCompressor`; the machine inflates what arrives.
///
/// ```swift
/// let socket = WebSocketConnection(connection: connection)
/// socket.delegate = echo              // webSocket(_:didReceive:) calls socket.send(message)
/// socket.start(leftover: leftover)    // the bytes the HTTP parser read past the request
/// ```
public final class WebSocketConnection: ConnectionHandler {
    /// Limits and timers of one connection.
    public struct Configuration: Sendable {
        /// Frame and message size limits (1009 past them).
        public var limits: WebSocketStateMachine.Configuration
        /// How long a closing handshake may take before the TCP connection is dropped.
        public var closeTimeout: Duration
        /// How often to ping the peer; `nil` (the default) sends no pings.
        public var pingInterval: Duration?
        /// Whether to accept a client's permessage-deflate offer (RFC 7692), and from which size messages are
        /// compressed; `nil` (the default, as in Node) negotiates no compression.
        public var perMessageDeflate: CompressionSettings?

        /// Settings with the defaults: 16 MiB messages, a 5 s closing handshake, no pings, no compression.
        public init(
            limits: WebSocketStateMachine.Configuration = .init(), closeTimeout: Duration = .seconds(5),
            pingInterval: Duration? = nil, perMessageDeflate: CompressionSettings? = nil
        ) {
            self.limits = limits
            self.closeTimeout = closeTimeout
            self.pingInterval = pingInterval
            self.perMessageDeflate = perMessageDeflate
        }
    }

    /// The taken-over TCP connection.
    public let connection: Connection
    /// The limits and timers this socket runs with.
    public let configuration: Configuration
    /// Receives messages and the close event. Weak: the delegate owns what it needs to.
    public weak var delegate: (any WebSocketDelegate)?
    /// Called once, after the delegate's close event; for registries of open sockets.
    var onClose: ((WebSocketConnection) -> Void)?

    private var machine: WebSocketStateMachine
    /// The agreed permessage-deflate parameters and the loop's shared compressor; `nil` when uncompressed.
    private let deflate: (parameters: PerMessageDeflate, compressor: WebSocketCompressor)?
    /// How the connection ends, decided as soon as it is known (before the TCP connection is gone).
    private var closeEvent: WebSocketCloseEvent?
    private var closeTimer: LoopTimer?
    private var pingTimer: LoopTimer?
    /// Whether any byte arrived since the last ping we sent.
    private var heardSincePing = true

    /// Takes over `connection` after a `101` (RFC 6455 §4.2.2); the bytes read past the request go to `receive`
    /// first. Called by `WebSocketUpgrade`, on the connection's loop.
    public convenience init(connection: Connection, configuration: Configuration = Configuration()) {
        self.init(connection: connection, configuration: configuration, deflate: nil)
    }

    /// Takes over `connection`, compressing with the loop's `compressor` when the handshake agreed on
    /// permessage-deflate.
    package init(
        connection: Connection, configuration: Configuration,
        deflate: (parameters: PerMessageDeflate, compressor: WebSocketCompressor)?
    ) {
        self.connection = connection
        self.configuration = configuration
        self.deflate = deflate
        machine = WebSocketStateMachine(
            role: .server, configuration: configuration.limits, deflate: deflate?.parameters,
            sharedInflater: deflate?.compressor.inflater)
    }

    /// Whether permessage-deflate was negotiated for this connection.
    public var isCompressing: Bool { deflate != nil }

    /// The peer's address, for logs.
    public var remoteAddress: String { connection.remoteAddress }

    /// True until a close frame was sent or received, or the connection dropped.
    public var isOpen: Bool { machine.state == .open && !connection.isClosed }

    /// Whether a write now goes out without piling up above the connection's high-water mark.
    public var isWritable: Bool { isOpen && connection.isWritable }

    /// Takes the connection over: from now on its bytes are frames. `leftover` are the bytes the HTTP
    /// parser had already read past the upgrade request: a client may send its first frame right behind it.
    /// Set the delegate first, so that a message in `leftover` has somewhere to go.
    public func start(leftover: [UInt8] = []) {
        guard !connection.isClosed else {
            report(.connectionLost)
            return
        }
        connection.setHandler(self)
        armPing()
        if !leftover.isEmpty { receive(leftover[...]) }
    }

    // MARK: Sending

    /// Payloads up to this many bytes are copied behind their header into a single buffer.
    public static let coalescingLimit = 1024

    /// Sends one message as one frame. Does nothing once a close frame was sent or received (§5.5.1).
    public func send(_ message: WebSocketMessage) {
        guard let frame = machine.send(message) else { return }
        write(compressed(frame, true))
    }

    /// Sends one frame the caller built (a text frame's payload must be UTF-8); nothing is sent once closing.
    /// With permessage-deflate it is compressed from the threshold on, unless `compress` is false (Socket.IO's
    /// `compress(false)`).
    package func send(frame: WebSocketFrame, compress: Bool = true) {
        guard machine.state == .open else { return }
        write(compressed(frame, compress))
    }

    /// Sends frames in order with a single `writev`: Engine.IO writes a batch of packets this way. The
    /// caller builds them (a text frame's payload must be UTF-8); nothing is sent once closing.
    package func send(_ frames: [WebSocketFrame], compress: Bool = true) {
        guard machine.state == .open else { return }
        write(frames.map { compressed($0, compress) })
    }

    /// `frame` compressed by the loop's compressor when the connection negotiated it (RFC 7692 §7.2.1).
    private func compressed(_ frame: WebSocketFrame, _ compress: Bool) -> WebSocketFrame {
        guard let deflate else { return frame }
        return deflate.compressor.prepare(frame, windowBits: deflate.parameters.serverMaxWindowBits, compress: compress)
    }

    /// Sends a ping (§5.5.2); the pong needs no handling: any byte from the peer proves it is alive.
    public func ping(_ payload: [UInt8] = []) {
        guard let frame = machine.ping(payload) else { return }
        write(frame)
    }

    /// Starts the closing handshake (§7.1.2): sends a close frame, then waits for the peer's (at most
    /// `closeTimeout`). Does nothing if a close frame was already sent or received.
    public func close(code: WebSocketCloseCode = .normalClosure, reason: String = "") {
        guard let frame = machine.close(code: code, reason: reason) else { return }
        closeEvent = closeEvent ?? .closedByUs(code: code)
        write(frame)
        pingTimer?.cancel()
        armCloseTimer()
    }

    private func write(_ frame: WebSocketFrame) {
        guard frame.payload.count <= Self.coalescingLimit else {
            return connection.write([frame.encodedHeader(), frame.payload])
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(4 + frame.payload.count)
        frame.appendHeader(to: &bytes)
        bytes.append(contentsOf: frame.payload)
        connection.write(bytes)
    }

    private func write(_ frames: [WebSocketFrame]) {
        if frames.count == 1 { return write(frames[0]) }
        var chunks: [[UInt8]] = []
        chunks.reserveCapacity(frames.count * 2)
        for frame in frames {
            chunks.append(frame.encodedHeader())
            chunks.append(frame.payload)
        }
        connection.write(chunks)
    }

    // MARK: ConnectionHandler

    /// Feeds the frame parser; runs the state machine's actions (deliver, pong, close).
    public func connection(_ connection: Connection, didRead bytes: ArraySlice<UInt8>) {
        receive(bytes)
    }

    /// The peer reads again: carry out the frames held back for it.
    public func connectionDidDrain(_ connection: Connection) {
        carryOutActions()
    }

    /// The TCP connection ended: reports the close event to the delegate once (1006 without a closing handshake).
    public func connectionDidClose(_ connection: Connection) {
        report(closeEvent ?? .connectionLost)
    }

    private func receive(_ bytes: ArraySlice<UInt8>) {
        heardSincePing = true
        machine.append(bytes)
        carryOutActions()
    }

    /// Carries out the machine's actions, one at a time: a delivered message may be answered at once, before
    /// the next frame of the same read is even parsed.
    ///
    /// Not while the connection is back-pressured (its peer does not read what we send): the frames left
    /// wait in the machine until the peer drains (`connectionDidDrain`). Reading is paused meanwhile, so
    /// they are at most one read's worth, and a ping flood or a stream of acknowledged events adds at most
    /// one answer past the high-water mark, however much each answer weighs.
    private func carryOutActions() {
        while !connection.isBackPressured, let action = machine.nextAction() {
            switch action {
            case .deliver(let message):
                delegate?.webSocket(self, didReceive: message)
            case .sendFrame(let frame):
                write(frame)
            case .closeConnection:
                if closeEvent == nil {
                    if let failure = machine.failure {
                        closeEvent = .failed(failure)
                    } else {
                        closeEvent = .peerClosed(code: machine.peerClose?.code, reason: machine.peerClose?.reason ?? "")
                    }
                }
                pingTimer?.cancel()
                armCloseTimer()
                connection.close()
            }
        }
    }

    private func report(_ event: WebSocketCloseEvent) {
        closeTimer?.cancel()
        pingTimer?.cancel()
        let delegate = self.delegate
        self.delegate = nil
        delegate?.webSocket(self, didCloseWith: event)
        onClose?(self)
        onClose = nil
    }

    // MARK: Timers

    /// Bounds the closing handshake and the flush of the last frames (a peer that stopped reading).
    private func armCloseTimer() {
        guard closeTimer == nil else { return }
        closeTimer = connection.loop.schedule(after: configuration.closeTimeout) { [weak self] in
            self?.connection.abort()
        }
    }

    private func armPing() {
        guard let interval = configuration.pingInterval else { return }
        pingTimer = connection.loop.schedule(after: interval) { [weak self] in self?.pingDue() }
    }

    private func pingDue() {
        guard isOpen else { return }
        guard heardSincePing else {
            closeEvent = .connectionLost
            connection.abort()
            return
        }
        heardSincePing = false
        ping()
        armPing()
    }
}
