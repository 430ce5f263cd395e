// SPDX-License-Identifier: MIT

import SIOHTTP

/// A broadcast being described: which rooms, which exclusions, which flags (socket.io `broadcast-operator.ts`).
///
/// It is an immutable value. Every modifier returns a new operator, so a half-built operator can be kept and
/// reused without surprises (in Node, `socket.timeout()` mutates the socket; here nothing does):
///
/// ```swift
/// let lobby = io.to("lobby")
/// lobby.emit("chat", "hi")                         // sockets in lobby
/// lobby.except("muted").volatile.emit("typing")    // lobby minus muted, dropped where it cannot go at once
/// socket.to("lobby").emit("chat", "hi")            // lobby, except the sender
/// ```
///
/// The adapter does the work: it selects the sockets and writes one encoded packet to all of them.
public struct BroadcastOperator: Sendable {
    /// Whose sockets: one namespace, or every child of a dynamic parent (`package`: SIOCluster's
    /// `fetchClusterSockets` asks each of these namespaces' adapters).
    package enum Scope: Sendable {
        case namespace(Namespace)
        case children(ParentNamespace)

        package var namespaces: [Namespace] {
            switch self {
            case .namespace(let namespace): return [namespace]
            case .children(let parent): return parent.children
            }
        }

        package var loop: EventLoop {
            switch self {
            case .namespace(let namespace): return namespace.loop
            case .children(let parent): return parent.server.loop
            }
        }
    }

    package let scope: Scope
    /// The rooms, exclusions and flags collected so far.
    public private(set) var options: BroadcastOptions

    init(scope: Scope, options: BroadcastOptions = BroadcastOptions()) {
        self.scope = scope
        self.options = options
    }

    // MARK: Modifiers

    /// Adds target rooms: the broadcast reaches sockets in any of them.
    public func to(_ rooms: Room...) -> BroadcastOperator { to(rooms) }
    /// The same, with the rooms as an array.
    public func to(_ rooms: [Room]) -> BroadcastOperator {
        var copy = self
        copy.options.rooms.formUnion(rooms)
        return copy
    }

    /// Same as `to`.
    public func `in`(_ rooms: Room...) -> BroadcastOperator { to(rooms) }
    /// The same, with the rooms as an array.
    public func `in`(_ rooms: [Room]) -> BroadcastOperator { to(rooms) }

    /// Adds excluded rooms: sockets in any of them are left out, even if they are in a target room.
    public func except(_ rooms: Room...) -> BroadcastOperator { except(rooms) }
    /// The same, with the rooms as an array.
    public func except(_ rooms: [Room]) -> BroadcastOperator {
        var copy = self
        copy.options.except.formUnion(rooms)
        return copy
    }

    /// Drops the packet for sockets whose transport cannot take it right now.
    public var volatile: BroadcastOperator {
        var copy = self
        copy.options.flags.volatile = true
        return copy
    }

    /// Only this server's sockets (meaningful with a cluster adapter).
    public var local: BroadcastOperator {
        var copy = self
        copy.options.flags.local = true
        return copy
    }

    /// Whether the packet may be compressed (Node's `compress`): `io.compress(false).emit(…)` sends it as it is,
    /// even over a connection that negotiated permessage-deflate.
    public func compress(_ compress: Bool) -> BroadcastOperator {
        var copy = self
        copy.options.flags.compress = compress
        return copy
    }

    /// How long `emit(_:_:ack:)` waits for every answer.
    public func timeout(_ duration: Duration) -> BroadcastOperator {
        var copy = self
        copy.options.flags.timeout = duration
        return copy
    }

    // MARK: Emitting

    /// Sends an event to the selected sockets, encoded once. Returns `false`, sending nothing, when `event` is a
    /// reserved name (`connect`, `disconnect`, ...), where Node throws.
    @discardableResult
    public func emit(_ event: String, _ arguments: SocketIOValue...) -> Bool { emit(event, arguments) }

    /// The same, with the arguments as an array.
    @discardableResult
    public func emit(_ event: String, _ arguments: [SocketIOValue]) -> Bool {
        guard !SocketIOPacket.reservedEventNames.contains(event) else { return false }
        let scope = scope, options = options
        scope.loop.runOnLoop {
            for namespace in scope.namespaces {
                namespace.server.statistics.broadcasts += 1
                namespace.adapter.broadcast(.event(event, arguments, namespace: namespace.name), options: options)
            }
        }
        return true
    }

    // MARK: Room operations (with a cluster adapter, also on the other servers unless `.local`)

    /// The selected sockets of this process. Call it on the loop (inside a handler). Every server's:
    /// `fetchClusterSockets` (SIOCluster).
    public func fetchSockets() -> [Socket] {
        scope.loop.assertInEventLoop("fetchSockets()")
        return scope.namespaces.flatMap { $0.adapter.sockets(matching: options) }
    }

    /// Makes the selected sockets join `rooms`.
    public func socketsJoin(_ rooms: Room...) { socketsJoin(rooms) }
    /// The same, with the rooms as an array.
    public func socketsJoin(_ rooms: [Room]) {
        forEachSocket { $0.join(rooms) }
        forEachRemoteAdapter { $0.addRemoteSockets(matching: $1, to: rooms) }
    }

    /// Makes the selected sockets leave `rooms`.
    public func socketsLeave(_ rooms: Room...) { socketsLeave(rooms) }
    /// The same, with the rooms as an array.
    public func socketsLeave(_ rooms: [Room]) {
        forEachSocket { socket in
            for room in rooms { socket.leave(room) }
        }
        forEachRemoteAdapter { $0.removeRemoteSockets(matching: $1, from: rooms) }
    }

    /// Disconnects the selected sockets (`server namespace disconnect`); with `close`, their connections too.
    public func disconnectSockets(close: Bool = false) {
        forEachSocket { $0.disconnect(close: close) }
        forEachRemoteAdapter { $0.disconnectRemoteSockets(matching: $1, close: close) }
    }

    private func forEachSocket(_ body: @escaping (Socket) -> Void) {
        let scope = scope, options = options
        scope.loop.runOnLoop {
            for namespace in scope.namespaces {
                for socket in namespace.adapter.sockets(matching: options) { body(socket) }
            }
        }
    }

    /// Runs `body` with the adapter of each namespace in scope, unless the operator is `.local`: the part of
    /// `socketsJoin`, `socketsLeave` and `disconnectSockets` that reaches the other servers (nothing without a
    /// cluster adapter: `Adapter.addRemoteSockets`).
    private func forEachRemoteAdapter(_ body: @escaping (any Adapter, BroadcastOptions) -> Void) {
        let scope = scope, options = options
        guard !options.flags.local else { return }
        scope.loop.runOnLoop {
            for namespace in scope.namespaces { body(namespace.adapter, options) }
        }
    }
}
