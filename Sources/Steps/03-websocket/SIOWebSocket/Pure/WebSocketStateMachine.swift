// SPDX-License-Identifier: MIT

/// One WebSocket connection's protocol logic, without the socket: bytes in, actions out (RFC 6455 §5-§7).
///
/// It chains the two lower layers and adds what needs the connection's state:
/// - `WebSocketFrameParser` turns bytes into frames;
/// - `WebSocketMessageAssembler` turns data frames into messages;
/// - here: answer pings (§5.5.2), ignore pongs (§5.5.3), run the closing handshake (§5.5.1, §7), and
///   turn every protocol error into "send a close frame with its code, then close the TCP connection"
///   (§7.1.7, "Fail the WebSocket Connection").
///
/// The connection goes through three states:
///
/// ```text
///            close() sends a close frame          peer's close frame arrives
///   open  ───────────────────────────────▶  closing  ─────────────────────▶  closed
///     │                                                                        ▲
///     └── peer's close arrives: answer it ──────────────────────────────────────┘
///         protocol error: send a close with its code ───────────────────────────┘
/// ```
///
/// After sending a close frame nothing else is sent (§5.5.1), so pings get no pong while `closing`.
/// After receiving one nothing more is read: "discards any further data" (§1.4).
///
/// Actions are pulled one at a time, and each frame is parsed only when the previous action was taken.
/// That order matters: an application that answers a delivered message at once (an echo) must still find
/// the connection open, even if the same read also holds a bad frame that will fail it (Autobahn 4.1.3).
///
/// ```swift
/// var machine = WebSocketStateMachine(role: .server)
/// machine.append(bytesFromTheSocket)
/// while let action = machine.nextAction() {
///     switch action {
///     case .deliver(let message): application.didReceive(message)   // may call machine.send(...)
///     case .sendFrame(let frame): connection.write([frame.encodedHeader(), frame.payload])
///     case .closeConnection: connection.close()
///     }
/// }
/// ```
///
/// The close timeout (how long to wait in `closing` for the peer's close frame) is the I/O layer's job:
/// it closes the connection when its timer fires.
///
/// With permessage-deflate negotiated (RFC 7692), RSV1 is allowed on the first frame of a data message, and such
/// a message is inflated before it is delivered (`Inflater`, bounded by `maxMessageSize`). Compressing what we send
/// is the I/O layer's job: it shares one deflate stream among all the connections of a loop.
///
/// Public only as the namespace of `Configuration`, the size limits an application sets on
/// `WebSocketConnection.Configuration`; the machine itself is internal to the package. Not `Sendable`: it may
/// hold a zlib stream, which belongs to the connection's loop.
public struct WebSocketStateMachine {
    /// Size limits. Both failures close the connection with 1009 (RFC 6455 §7.4.1, "message too big").
    public struct Configuration: Sendable, Hashable {
        /// The largest payload of one frame.
        public var maxFrameSize: Int
        /// The largest message, all fragments together.
        public var maxMessageSize: Int

        /// 16 MiB each by default: enough for every Autobahn case (9.1.6 sends a 16 MiB text message).
        /// Engine.IO passes its `maxPayload` instead.
        public init(maxFrameSize: Int = 1 << 24, maxMessageSize: Int = 1 << 24) {
            self.maxFrameSize = maxFrameSize
            self.maxMessageSize = maxMessageSize
        }
    }

    /// Where the closing handshake stands (§7.1).
    package enum State: Sendable, Hashable {
        /// Messages flow both ways.
        case open
        /// We sent a close frame and wait for the peer's.
        case closing
        /// Both close frames were exchanged, or the connection was failed. Nothing more is read or sent.
        case closed
    }

    /// Which end we are: decides whether incoming frames must be masked (and whether the I/O masks ours).
    package let role: WebSocketRole
    /// Where the closing handshake stands; `send`, `ping` and `close` return `nil` unless `.open`.
    package private(set) var state = State.open
    /// The code and reason of the peer's close frame, once it arrived. `nil` code: the frame was empty.
    package private(set) var peerClose: (code: WebSocketCloseCode?, reason: String)?
    /// Why we failed the connection, if we did; for logs.
    package private(set) var failure: WebSocketProtocolError?

    private var parser: WebSocketFrameParser
    private var assembler: WebSocketMessageAssembler
    /// Inflates compressed messages; `nil` unless permessage-deflate was negotiated.
    private let inflater: Inflater?
    /// Actions decided but not handed out yet: a close frame is followed by `.closeConnection`.
    private var pending: [WebSocketAction] = []

    /// A machine for one connection; `deflate` holds the permessage-deflate parameters if they were negotiated.
    /// Without the peer's context takeover, `sharedInflater` (the loop's, reset after each message) inflates for it.
    package init(
        role: WebSocketRole, configuration: Configuration = Configuration(), deflate: PerMessageDeflate? = nil,
        sharedInflater: Inflater? = nil
    ) {
        self.role = role
        parser = WebSocketFrameParser(
            role: role, maxFrameSize: configuration.maxFrameSize, allowsCompression: deflate != nil)
        assembler = WebSocketMessageAssembler(maxMessageSize: configuration.maxMessageSize)
        // The server inflates what the client compressed, so the client's context takeover decides.
        let noContextTakeover = role == .server ? deflate?.clientNoContextTakeover == true : true
        if deflate == nil {
            inflater = nil
        } else if noContextTakeover, let sharedInflater, sharedInflater.noContextTakeover {
            inflater = sharedInflater
        } else {
            inflater = Inflater(noContextTakeover: noContextTakeover)
        }
    }

    // MARK: - Receiving

    /// Buffers bytes read from the peer, split anywhere. Then call `nextAction()` until it returns `nil`.
    package mutating func append(_ bytes: some Collection<UInt8>) {
        guard state != .closed else { return }
        parser.append(bytes)
    }

    /// The next thing to do, or `nil` when the buffered bytes need no more action (or the connection is closed).
    ///
    /// Frames that need no action (a pong, a fragment that does not finish its message) are consumed
    /// silently. Frames before a protocol error are still handled: a message followed by a bad frame in the
    /// same read is delivered first, and the connection is failed on the next call.
    package mutating func nextAction() -> WebSocketAction? {
        if !pending.isEmpty { return pending.removeFirst() }
        do {
            while state != .closed {
                guard case .frame(let frame) = try parser.nextFrame() else {
                    // Fail fast: check the part of a data frame that has already arrived.
                    if let partial = parser.frameInProgress {
                        try assembler.inspect(
                            opcode: partial.opcode, compressed: partial.compressed, length: partial.length,
                            received: partial.received)
                    }
                    return nil
                }
                try handle(frame)
                if !pending.isEmpty { return pending.removeFirst() }
            }
        } catch {
            fail(error)
            return pending.removeFirst()
        }
        return nil
    }

    /// Turns one frame into the actions it calls for, queued in `pending`.
    private mutating func handle(_ frame: WebSocketFrame) throws(WebSocketProtocolError) {
        switch frame.opcode {
        case .continuation, .text, .binary:
            if let message = try assembler.receive(frame, inflater: inflater) {
                pending.append(.deliver(message))
            }
        case .ping:
            // §5.5.2: answer with a pong carrying the same payload, unless we already sent our close.
            if state == .open {
                pending.append(.sendFrame(.pong(frame.payload)))
            }
        case .pong:
            // §5.5.3: a pong may arrive unasked (a heartbeat); no answer is expected.
            break
        case .close:
            let status = try frame.closeStatus()
            peerClose = (status?.code, status?.reason ?? "")
            if state == .open {
                // §5.5.1: answer with a close; echo the code, or 1000 when none was given.
                pending.append(.sendFrame(.close(code: status?.code ?? .normalClosure)))
            }
            // §7.1.1: the server closes TCP first. A client that got the server's close may close too.
            state = .closed
            pending.append(.closeConnection)
        }
    }

    /// "Fail the WebSocket Connection" (§7.1.7): send a close with the error's code, then close TCP.
    private mutating func fail(_ error: WebSocketProtocolError) {
        failure = error
        if state == .open {
            pending.append(.sendFrame(.close(code: error.closeCode, reason: error.description)))
        }
        state = .closed
        pending.append(.closeConnection)
    }

    // MARK: - Sending

    /// The frame that carries `message`, or `nil` once we sent a close frame (§5.5.1: no data after it).
    ///
    /// The state machine does not fragment: one message, one frame. A client masks it when encoding.
    package func send(_ message: WebSocketMessage) -> WebSocketFrame? {
        state == .open ? message.frame : nil
    }

    /// A ping to send, or `nil` once we sent a close frame. The pong comes back as nothing: pongs are ignored.
    package func ping(_ payload: [UInt8] = []) -> WebSocketFrame? {
        state == .open ? .ping(payload) : nil
    }

    /// Starts the closing handshake: returns the close frame to send, or `nil` if a close was already sent
    /// or the connection is closed. The peer's close frame then arrives through `append` and yields
    /// `.closeConnection`.
    package mutating func close(code: WebSocketCloseCode = .normalClosure, reason: String = "") -> WebSocketFrame? {
        guard state == .open else { return nil }
        state = .closing
        return .close(code: code, reason: reason)
    }
}
