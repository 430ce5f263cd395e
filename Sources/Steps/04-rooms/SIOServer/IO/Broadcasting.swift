// SPDX-License-Identifier: MIT

/// Something that broadcasts: the server (meaning `/`), a namespace, or a dynamic parent.
///
/// Node gives `Server`, `Namespace` and `ParentNamespace` the same dozen methods, each creating a fresh
/// `BroadcastOperator`. Here they share one implementation: a conforming type only says which operator
/// reaches all of its sockets, and this extension provides `to`, `emit`, `fetchSockets`, ... on top.
///
/// ```swift
/// io.emit("news", "hello")                             // everyone in /
/// io.to("lobby").except("muted").emit("chat", text)   // rooms, minus a room
/// io.of("/admin").volatile.emit("tick", 42)
/// io.timeout(.seconds(5)).emit("ping") { result in }   // one answer per socket
/// ```
public protocol Broadcasting {
    /// The operator with no rooms, no exclusions and no flags.
    var broadcastOperator: BroadcastOperator { get }
}

extension Broadcasting {
    /// Targets the sockets in `rooms` (several calls add up: sockets in any of the rooms).
    public func to(_ rooms: Room...) -> BroadcastOperator { broadcastOperator.to(rooms) }
    /// The same, with the rooms as an array.
    public func to(_ rooms: [Room]) -> BroadcastOperator { broadcastOperator.to(rooms) }
    /// Same as `to`.
    public func `in`(_ rooms: Room...) -> BroadcastOperator { broadcastOperator.to(rooms) }
    /// The same, with the rooms as an array.
    public func `in`(_ rooms: [Room]) -> BroadcastOperator { broadcastOperator.to(rooms) }
    /// Leaves out the sockets in `rooms`.
    public func except(_ rooms: Room...) -> BroadcastOperator { broadcastOperator.except(rooms) }
    /// The same, with the rooms as an array.
    public func except(_ rooms: [Room]) -> BroadcastOperator { broadcastOperator.except(rooms) }
    /// Drops the packet for sockets whose transport cannot take it right now.
    public var volatile: BroadcastOperator { broadcastOperator.volatile }
    /// Reaches this server's sockets only (matters with a cluster adapter).
    public var local: BroadcastOperator { broadcastOperator.local }
    /// Whether the packet may be compressed; `compress(false)` sends it uncompressed.
    public func compress(_ compress: Bool) -> BroadcastOperator { broadcastOperator.compress(compress) }
    /// Sets how long a broadcast with an acknowledgement waits for the answers.
    public func timeout(_ duration: Duration) -> BroadcastOperator { broadcastOperator.timeout(duration) }

    /// Sends an event to every socket. Returns `false`, sending nothing, for a reserved event name.
    @discardableResult
    public func emit(_ event: String, _ arguments: SocketIOValue...) -> Bool { broadcastOperator.emit(event, arguments) }
    /// The same, with the arguments as an array.
    @discardableResult
    public func emit(_ event: String, _ arguments: [SocketIOValue]) -> Bool { broadcastOperator.emit(event, arguments) }

    /// Sends an event to every socket and collects one answer per socket (see `BroadcastOperator`).
    @discardableResult
    public func emit(
        _ event: String, _ arguments: SocketIOValue...,
        ack: @escaping (Result<[[SocketIOValue]], BroadcastAckError>) -> Void
    ) -> Bool {
        broadcastOperator.emit(event, arguments, ack: ack)
    }

    /// The same, with the arguments as an array.
    @discardableResult
    public func emit(
        _ event: String, _ arguments: [SocketIOValue],
        ack: @escaping (Result<[[SocketIOValue]], BroadcastAckError>) -> Void
    ) -> Bool {
        broadcastOperator.emit(event, arguments, ack: ack)
    }

    /// Sends an event to every socket and waits for one answer per socket.
    public nonisolated(nonsending) func emitWithAck(
        _ event: String, _ arguments: SocketIOValue...
    ) async throws -> [[SocketIOValue]] {
        try await broadcastOperator.emitWithAck(event, arguments)
    }

    /// The same, with the arguments as an array.
    public nonisolated(nonsending) func emitWithAck(
        _ event: String, _ arguments: [SocketIOValue]
    ) async throws -> [[SocketIOValue]] {
        try await broadcastOperator.emitWithAck(event, arguments)
    }

    /// Node's `send`: emits a `message` event.
    @discardableResult
    public func send(_ arguments: SocketIOValue...) -> Bool { broadcastOperator.emit("message", arguments) }

    /// The connected sockets. Call it on the loop (inside a handler).
    public func fetchSockets() -> [Socket] { broadcastOperator.fetchSockets() }
    /// Makes every socket join `rooms`.
    public func socketsJoin(_ rooms: Room...) { broadcastOperator.socketsJoin(rooms) }
    /// Makes every socket leave `rooms`.
    public func socketsLeave(_ rooms: Room...) { broadcastOperator.socketsLeave(rooms) }
    /// Disconnects every socket; with `close`, their whole connections too.
    public func disconnectSockets(close: Bool = false) { broadcastOperator.disconnectSockets(close: close) }
}
