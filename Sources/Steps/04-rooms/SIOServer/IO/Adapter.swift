// SPDX-License-Identifier: MIT

/// Where a namespace keeps its rooms and how it delivers broadcasts (socket.io-adapter `Adapter`).
///
/// Every namespace owns one adapter. `InMemoryAdapter`, the default, keeps the rooms of this process in two
/// dictionaries and writes broadcasts straight to the local sockets. A cluster adapter (Redis, Postgres, ...)
/// conforms to the same protocol: it also forwards each broadcast to the other servers, which run it against
/// their own sockets. The protocol stays small on purpose; the room operators of `BroadcastOperator`
/// (`fetchSockets`, `socketsJoin`, ...) are built on `sockets(matching:)`.
///
/// Everything here runs on the event loop, like the sockets it manages, so an adapter needs no locks.
///
/// ```swift
/// let io = Server(http: http) { namespace in InMemoryAdapter(namespace: namespace) }   // the default
/// io.sockets.adapter.rooms["lobby"]?.count      // how many sockets are in "lobby"
/// ```
public protocol Adapter: AnyObject {
    /// Every room and its members. A socket's own room (named by its id) is listed too, as in Node.
    var rooms: [Room: Set<SocketID>] { get }

    /// Adds socket `id` to `rooms` (Node `addAll`; `socket.join`).
    func addAll(_ id: SocketID, to rooms: Set<Room>)

    /// Removes socket `id` from `room`; a room left empty disappears (Node `del`; `socket.leave`).
    func remove(_ id: SocketID, from room: Room)

    /// Removes socket `id` from every room (Node `delAll`; a socket leaving its namespace).
    func removeAll(_ id: SocketID)

    /// The rooms socket `id` is in (Node `socketRooms`).
    func rooms(of id: SocketID) -> Set<Room>

    /// The connected sockets that `options` selects, each once (Node `apply`, used by `fetchSockets`,
    /// `socketsJoin`, `socketsLeave` and `disconnectSockets`).
    func sockets(matching options: BroadcastOptions) -> [Socket]

    /// Sends `packet` to every socket that `options` selects. The packet is encoded once for all of them.
    func broadcast(_ packet: SocketIOPacket, options: BroadcastOptions)

    /// Like `broadcast`, for a packet that carries an ack id: each receiver's answer goes to `onResponse`.
    /// Returns how many sockets the packet was written to, so that the caller knows how many answers to wait for.
    func broadcastWithAck(
        _ packet: SocketIOPacket, options: BroadcastOptions, onResponse: @escaping ([SocketIOValue]) -> Void
    ) -> Int

    /// The namespace is going away (a dynamic child left empty, `cleanupEmptyChildNamespaces`): release what the
    /// adapter holds outside the namespace, such as its subscriptions to other servers (Node `adapter.close()`).
    func close()
}

extension Adapter {
    /// Nothing to release: the adapter's state lives and dies with its namespace (the in-memory adapter).
    public func close() {}
}
