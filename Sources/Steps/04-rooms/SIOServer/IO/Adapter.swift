// SPDX-License-Identifier: MIT

/// Where a namespace keeps its rooms and how it delivers broadcasts (socket.io-adapter `Adapter`).
///
/// Every namespace owns one adapter. `InMemoryAdapter`, the default, keeps the rooms of this process in two
/// dictionaries and writes broadcasts straight to the local sockets. A cluster adapter (Redis, Postgres, ...)
/// conforms to the same protocol: it also forwards each broadcast to the other servers, which run it against
/// their own sockets. The protocol stays small on purpose: the room operators of `BroadcastOperator`
/// (`fetchSockets`, `socketsJoin`, ...) are built on `sockets(matching:)`, and the operations another server
/// takes part in (`addRemoteSockets`, `broadcastWithAck` with client counts, `serverCount`) have defaults for this
/// server alone, which a cluster adapter (SIOCluster) replaces.
///
/// Everything here runs on the event loop, like the sockets it manages, so an adapter needs no locks.
///
/// ```swift
/// let io = Server(http: http) { namespace in InMemoryAdapter(namespace: namespace) }   // the default
/// io.sockets.adapter.rooms["lobby"]?.count      // how many sockets are in "lobby"
/// io.sockets.adapter.on(.deleteRoom) { room in print(room, "is empty") }    // the room events (`AdapterEvents`)
/// ```
public protocol Adapter: AnyObject {
    /// Every room and its members. A socket's own room (named by its id) is listed too, as in Node.
    var rooms: [Room: Set<SocketID>] { get }

    /// The handlers of `create-room`, `delete-room`, `join-room` and `leave-room`, which the adapter runs as
    /// this server's rooms change (socket.io-adapter's events; an adapter that keeps its rooms in an
    /// `InMemoryAdapter` hands out that adapter's).
    var events: AdapterEvents { get }

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

    // MARK: Seams for adapters that reach other servers (SIOCluster's `ClusterAdapter`; defaults: this server)

    /// Makes the sockets `options` selects on the *other* servers join `rooms` (`io.socketsJoin` does this
    /// server's itself; Node `addSockets`).
    func addRemoteSockets(matching options: BroadcastOptions, to rooms: [Room])

    /// Makes the sockets `options` selects on the other servers leave `rooms` (Node `delSockets`).
    func removeRemoteSockets(matching options: BroadcastOptions, from rooms: [Room])

    /// Disconnects the sockets `options` selects on the other servers; with `close`, their connections too.
    func disconnectRemoteSockets(matching options: BroadcastOptions, close: Bool)

    /// `broadcastWithAck` on every server the adapter reaches (Node's `broadcastWithAck` with its client-count
    /// callback): each server, this one included, calls `onClientCount` once with the number of sockets it wrote
    /// to, and each socket's answer goes to `onResponse`. `serverCount` says how many servers will report.
    func broadcastWithAck(
        _ packet: SocketIOPacket, options: BroadcastOptions, onClientCount: @escaping (Int) -> Void,
        onResponse: @escaping ([SocketIOValue]) -> Void)

    /// How many servers serve this namespace, this one included (at least 1; Node `serverCount`).
    func serverCount(_ completion: @escaping (Int) -> Void)

    /// Where connection state recovery keeps this namespace's sessions and missed packets (Node's
    /// `SessionAwareAdapter`); `nil` for an adapter that cannot recover sessions. With
    /// `ServerConfiguration.connectionStateRecovery` set, a namespace refuses such an adapter when it is created.
    var sessionStore: SessionStore? { get }
}

extension Adapter {
    /// Runs `handler` with the room's name on each `create-room` or `delete-room` (Node `adapter.on(...)`).
    /// Call it on the loop, like every adapter method.
    public func on(_ event: AdapterRoomEvent, _ handler: @escaping (_ room: Room) -> Void) {
        events.on(event, handler)
    }

    /// Runs `handler` with the room and the socket's id on each `join-room` or `leave-room`.
    public func on(_ event: AdapterMembershipEvent, _ handler: @escaping (_ room: Room, _ id: SocketID) -> Void) {
        events.on(event, handler)
    }

    /// Nothing to release: the adapter's state lives and dies with its namespace (the in-memory adapter).
    public func close() {}

    /// No other server to reach.
    public func addRemoteSockets(matching options: BroadcastOptions, to rooms: [Room]) {}

    /// No other server to reach.
    public func removeRemoteSockets(matching options: BroadcastOptions, from rooms: [Room]) {}

    /// No other server to reach.
    public func disconnectRemoteSockets(matching options: BroadcastOptions, close: Bool) {}

    /// This server only: one client count, at once.
    public func broadcastWithAck(
        _ packet: SocketIOPacket, options: BroadcastOptions, onClientCount: @escaping (Int) -> Void,
        onResponse: @escaping ([SocketIOValue]) -> Void
    ) {
        onClientCount(broadcastWithAck(packet, options: options, onResponse: onResponse))
    }

    /// One server: this one.
    public func serverCount(_ completion: @escaping (Int) -> Void) { completion(1) }

    /// No recovery: sessions are not kept.
    public var sessionStore: SessionStore? { nil }
}
