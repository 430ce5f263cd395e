// SPDX-License-Identifier: MIT

/// Sends events to one socket's client, with optional flags: what `socket.emit`, `socket.volatile` and
/// `socket.timeout(_:)` return or use.
///
/// Node sets `volatile` and `timeout` as flags on the socket itself until the next emit; here they live in
/// this small value, so `let slow = socket.timeout(.seconds(30))` can be kept and reused.
///
/// ```swift
/// socket.emit("hello", "world")                                    // 42["hello","world"]
/// socket.volatile.emit("position", 1.5, 2.5)                       // dropped if the transport is busy
/// socket.emit("question", "6 x 7?") { result in print(result) }    // 4212["question","6 x 7?"], waits for 4312[...]
/// let answer = try await socket.timeout(.seconds(5)).emitWithAck("question", "6 x 7?")
/// ```
public struct SocketEmitter: Sendable {
    /// The socket the events go to.
    public let socket: Socket
    /// Drop the packet when the transport cannot take it at once.
    public var isVolatile = false
    /// How long an acknowledgement may take; `nil` waits as long as the socket stays connected.
    public var ackTimeout: Duration?
    /// Whether the transport may compress the packet (Node's `socket.compress(bool)`); on by default.
    public var isCompressed = true

    init(socket: Socket) {
        self.socket = socket
    }

    /// The same emitter, volatile.
    public var volatile: SocketEmitter {
        var copy = self
        copy.isVolatile = true
        return copy
    }

    /// The same emitter, compressing or not: `socket.compress(false).emit(…)` sends the packet as it is even over
    /// a connection that negotiated permessage-deflate (a message that compresses badly: images, random bytes).
    public func compress(_ compress: Bool) -> SocketEmitter {
        var copy = self
        copy.isCompressed = compress
        return copy
    }

    /// The same emitter, with an acknowledgement timeout.
    public func timeout(_ duration: Duration) -> SocketEmitter {
        var copy = self
        copy.ackTimeout = duration
        return copy
    }

    /// Sends `event`. Returns `false`, sending nothing, for a reserved event name (Node throws).
    @discardableResult
    public func emit(_ event: String, _ arguments: SocketIOValue...) -> Bool { send(event, arguments, ack: nil) }

    /// The same, with the arguments as an array.
    @discardableResult
    public func emit(_ event: String, _ arguments: [SocketIOValue]) -> Bool { send(event, arguments, ack: nil) }

    /// Sends `event` and asks the client to acknowledge it; `ack` runs once, on the loop, with the client's answer,
    /// `.timedOut` after the timeout, or `.disconnected` if the socket leaves first.
    @discardableResult
    public func emit(
        _ event: String, _ arguments: SocketIOValue..., ack: @escaping (Result<[SocketIOValue], AckError>) -> Void
    ) -> Bool {
        send(event, arguments, ack: ack)
    }

    /// The same, with the arguments as an array.
    @discardableResult
    public func emit(
        _ event: String, _ arguments: [SocketIOValue], ack: @escaping (Result<[SocketIOValue], AckError>) -> Void
    ) -> Bool {
        send(event, arguments, ack: ack)
    }

    /// Sends `event` and waits for the client's answer (Node's `emitWithAck`). Throws `AckError` or
    /// `ReservedEventNameError`.
    ///
    /// It resumes where it was awaited (`nonisolated(nonsending)`): awaited in a task on the loop
    /// (`socket.task { ... }`), the code after it runs on the loop, where the socket may be touched.
    public nonisolated(nonsending) func emitWithAck(
        _ event: String, _ arguments: SocketIOValue...
    ) async throws -> [SocketIOValue] {
        try await emitWithAck(event, arguments)
    }

    /// The same, with the arguments as an array.
    public nonisolated(nonsending) func emitWithAck(
        _ event: String, _ arguments: [SocketIOValue]
    ) async throws -> [SocketIOValue] {
        guard !SocketIOPacket.reservedEventNames.contains(event) else { throw ReservedEventNameError(name: event) }
        return try await withCheckedThrowingContinuation { continuation in
            send(event, arguments) { continuation.resume(with: $0) }
        }
    }

    @discardableResult
    private func send(
        _ event: String, _ arguments: [SocketIOValue], ack: ((Result<[SocketIOValue], AckError>) -> Void)?
    ) -> Bool {
        guard !SocketIOPacket.reservedEventNames.contains(event) else { return false }
        let socket = socket, isVolatile = isVolatile, ackTimeout = ackTimeout
        socket.loop.runOnLoop {
            guard socket.connected else {
                ack?(.failure(.disconnected))
                return
            }
            var ackId: Int?
            if let ack {
                let id = socket.namespace.nextAckID()
                socket.expectAck(id, timeout: ackTimeout, ack)
                ackId = id
            }
            socket.notifyOutgoing(event, arguments)
            let packet = SocketIOPacket.event(event, arguments, namespace: socket.namespace.name, ackId: ackId)
            guard let store = socket.namespace.adapter.sessionStore else {
                return socket.client.write(packet, volatile: isVolatile, compress: isCompressed)
            }
            // With recovery on, Node sends even a single emit through the adapter, to the socket's own room, so that
            // it is kept and replayed like a broadcast; the log is what matters, the socket is written to directly.
            let options = BroadcastOptions(rooms: [socket.id], flags: BroadcastFlags(volatile: isVolatile))
            let recorded = store.record(
                packet, options: options, now: socket.loop.now, encode: socket.namespace.server.engineMessages(for:))
            socket.client.write(recorded.messages, volatile: isVolatile, compress: isCompressed)
        }
        return true
    }
}

extension Socket {
    /// An emitter for this socket without flags.
    public var emitter: SocketEmitter { SocketEmitter(socket: self) }

    /// Sends `event` to this client. Returns `false`, sending nothing, for a reserved event name.
    @discardableResult
    public func emit(_ event: String, _ arguments: SocketIOValue...) -> Bool { emitter.emit(event, arguments) }

    /// The same, with the arguments as an array.
    @discardableResult
    public func emit(_ event: String, _ arguments: [SocketIOValue]) -> Bool { emitter.emit(event, arguments) }

    /// Sends `event` and asks the client to acknowledge it (see `SocketEmitter`).
    @discardableResult
    public func emit(
        _ event: String, _ arguments: SocketIOValue..., ack: @escaping (Result<[SocketIOValue], AckError>) -> Void
    ) -> Bool {
        emitter.emit(event, arguments, ack: ack)
    }

    /// The same, with the arguments as an array.
    @discardableResult
    public func emit(
        _ event: String, _ arguments: [SocketIOValue], ack: @escaping (Result<[SocketIOValue], AckError>) -> Void
    ) -> Bool {
        emitter.emit(event, arguments, ack: ack)
    }

    /// Sends `event` and waits for the client's answer.
    public nonisolated(nonsending) func emitWithAck(
        _ event: String, _ arguments: SocketIOValue...
    ) async throws -> [SocketIOValue] {
        try await emitter.emitWithAck(event, arguments)
    }

    /// Node's `send`: emits a `message` event (received by `socket.on("message")` in the browser).
    @discardableResult
    public func send(_ arguments: SocketIOValue...) -> Bool { emitter.emit("message", arguments) }

    /// Drops the next packet when the transport cannot take it at once.
    public var volatile: SocketEmitter { emitter.volatile }

    /// Sets how long the client may take to acknowledge.
    public func timeout(_ duration: Duration) -> SocketEmitter { emitter.timeout(duration) }

    /// Whether the next packets may be compressed (see `SocketEmitter.compress(_:)`).
    public func compress(_ compress: Bool) -> SocketEmitter { emitter.compress(compress) }
}
