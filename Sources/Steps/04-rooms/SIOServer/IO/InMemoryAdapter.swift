// SPDX-License-Identifier: MIT

import SIOEngineIO

/// The default adapter: the rooms of one process, in two dictionaries (socket.io-adapter `in-memory-adapter.ts`).
///
/// `rooms` maps a room to its members and `sids` maps a socket to its rooms. Both directions are needed:
/// a broadcast reads `rooms`, and a disconnecting socket leaves everything through `sids` without scanning every
/// room. Each map is the other one transposed; `addAll`, `remove` and `removeAll` keep them in step.
///
/// A broadcast is encoded **once**: the same `[EngineMessage]` array (whose strings and byte arrays are shared,
/// not copied) is handed to every receiver. With 1,000 sockets in a room, that is one JSON serialization, not 1,000.
public final class InMemoryAdapter: Adapter {
    /// Room -> the sockets in it.
    public private(set) var rooms: [Room: Set<SocketID>] = [:]
    /// Socket -> the rooms it is in.
    public private(set) var sids: [SocketID: Set<Room>] = [:]
    /// The namespace whose sockets the ids refer to. It owns this adapter, hence `unowned`.
    public unowned let namespace: Namespace
    /// The handlers of `create-room`, `delete-room`, `join-room` and `leave-room` (see `AdapterEvents`).
    public let events = AdapterEvents()

    /// Sessions and missed packets, with connection state recovery on (`nil` otherwise).
    public let sessionStore: SessionStore?

    /// The rooms of `namespace`, empty; the default adapter of `Server(http:)`. With connection state recovery on,
    /// it keeps the namespace's sessions and missed packets in the server's store for that name.
    public init(namespace: Namespace) {
        self.namespace = namespace
        sessionStore = namespace.server.sessionStores?.store(for: namespace.name, now: namespace.loop.now)
    }

    /// The rooms of `namespace`, with `sessionStore` shared with other adapters (SIOLoops gives the adapters of one
    /// namespace on every loop the same store).
    public init(namespace: Namespace, sessionStore: SessionStore?) {
        self.namespace = namespace
        self.sessionStore = sessionStore
    }

    /// Adds the socket to each room (both maps: room to sockets, socket to rooms). Per room, as Node's `addAll`:
    /// `create-room` when the room is new, then `join-room` when the socket was not in it yet.
    public func addAll(_ id: SocketID, to rooms: Set<Room>) {
        sids[id, default: []].formUnion(rooms)
        for room in rooms {
            if self.rooms[room] == nil {
                self.rooms[room] = []
                events.emit(.createRoom, room)
            }
            if self.rooms[room]?.insert(id).inserted == true { events.emit(.joinRoom, room, id) }
        }
    }

    /// Removes the socket from one room: `leave-room`, then `delete-room` when the room is left empty.
    public func remove(_ id: SocketID, from room: Room) {
        sids[id]?.remove(room)
        removeMember(id, from: room)
    }

    /// Removes the socket from every room, with the events of `remove` for each: what a disconnect does (Node
    /// `delAll`, which forgets the socket's own entry last, so a handler still sees the rooms it is leaving).
    public func removeAll(_ id: SocketID) {
        guard let joined = sids[id] else { return }
        for room in joined { removeMember(id, from: room) }
        sids[id] = nil
    }

    /// The rooms the socket is in, its own included.
    public func rooms(of id: SocketID) -> Set<Room> {
        sids[id] ?? []
    }

    /// The sockets a broadcast with `options` reaches: in any of `rooms` (all when empty), in none of `except`.
    public func sockets(matching options: BroadcastOptions) -> [Socket] {
        var selected: [Socket] = []
        forEachSocket(matching: options) { selected.append($0) }
        return selected
    }

    /// Encodes `packet` once and hands the same encoded messages to every matching socket (`in-memory-adapter.ts`).
    /// With connection state recovery on, a replayable packet first gets its offset and is kept (Node's
    /// `SessionAwareAdapter.broadcast`).
    public func broadcast(_ packet: SocketIOPacket, options: BroadcastOptions) {
        let encode = namespace.server.engineMessages(for:)
        guard let sessionStore else { return broadcast(packet, encoded: encode(packet), options: options) }
        let recorded = sessionStore.record(packet, options: options, now: namespace.loop.now, encode: encode)
        broadcast(recorded.packet, encoded: recorded.messages, options: options)
    }

    /// `broadcast` with the packet already encoded (`Server.engineMessages(for:)`): the seam for an adapter that encodes
    /// a broadcast once for several deliveries (SIOLoops' `LoopGroupAdapter` hands the same messages to every loop).
    public func broadcast(_ packet: SocketIOPacket, encoded messages: [EngineMessage], options: BroadcastOptions) {
        let volatile = options.flags.volatile
        let compress = options.flags.compress
        forEachSocket(matching: options) { socket in
            socket.deliver(packet, encoded: messages, volatile: volatile, compress: compress)
        }
    }

    /// Broadcasts with one ack id per receiver and collects their answers until `options.flags.timeout`.
    public func broadcastWithAck(
        _ packet: SocketIOPacket, options: BroadcastOptions, onResponse: @escaping ([SocketIOValue]) -> Void
    ) -> Int {
        // Unreachable from the wire: the server numbers the ack itself before it broadcasts with one.
        guard let ackId = packet.ackId else { preconditionFailure("broadcastWithAck needs a packet with an ack id") }
        let messages = namespace.server.engineMessages(for: packet)
        let volatile = options.flags.volatile
        var count = 0
        forEachSocket(matching: options) { socket in
            count += 1
            socket.expectBroadcastAck(ackId, onResponse)
            socket.deliver(packet, encoded: messages, volatile: volatile, compress: options.flags.compress)
        }
        return count
    }

    /// Calls `body` once for every connected socket that `options` selects (Node `apply`).
    ///
    /// With no rooms, that is every socket of the namespace; we walk the namespace's table directly rather than
    /// `sids` (Node walks `sids` and looks each id up), which selects the same sockets with one lookup less.
    /// With several rooms, a socket in two of them is visited once.
    private func forEachSocket(matching options: BroadcastOptions, _ body: (Socket) -> Void) {
        let excluded = excludedIDs(options.except)
        if options.rooms.isEmpty {
            for (id, socket) in namespace.sockets where !excluded.contains(id) { body(socket) }
            return
        }
        var visited: Set<SocketID> = []
        let deduplicate = options.rooms.count > 1
        for room in options.rooms {
            guard let members = rooms[room] else { continue }
            for id in members where !excluded.contains(id) {
                if deduplicate && !visited.insert(id).inserted { continue }
                if let socket = namespace.sockets[id] { body(socket) }
            }
        }
    }

    /// Every socket in one of the `except` rooms (Node `computeExceptSids`).
    private func excludedIDs(_ exceptRooms: Set<Room>) -> Set<SocketID> {
        guard !exceptRooms.isEmpty else { return [] }
        if exceptRooms.count == 1, let room = exceptRooms.first { return rooms[room] ?? [] }
        var excluded: Set<SocketID> = []
        for room in exceptRooms { excluded.formUnion(rooms[room] ?? []) }
        return excluded
    }

    /// Removes in place (`rooms[room]?.remove`): copying the set out first would copy every member, since the
    /// dictionary still holds a reference to it.
    private func removeMember(_ id: SocketID, from room: Room) {
        guard rooms[room]?.remove(id) != nil else { return }
        events.emit(.leaveRoom, room, id)
        if rooms[room]?.isEmpty == true {
            rooms[room] = nil
            events.emit(.deleteRoom, room)
        }
    }
}
