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

    /// The rooms of `namespace`, empty; the default adapter of `Server(http:)`.
    public init(namespace: Namespace) {
        self.namespace = namespace
    }

    /// Adds the socket to each room (both maps: room to sockets, socket to rooms).
    public func addAll(_ id: SocketID, to rooms: Set<Room>) {
        sids[id, default: []].formUnion(rooms)
        for room in rooms { self.rooms[room, default: []].insert(id) }
    }

    /// Removes the socket from one room; an emptied room is deleted.
    public func remove(_ id: SocketID, from room: Room) {
        sids[id]?.remove(room)
        removeMember(id, from: room)
    }

    /// Removes the socket from every room: what a disconnect does.
    public func removeAll(_ id: SocketID) {
        guard let joined = sids.removeValue(forKey: id) else { return }
        for room in joined { removeMember(id, from: room) }
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
    public func broadcast(_ packet: SocketIOPacket, options: BroadcastOptions) {
        broadcast(packet, encoded: packet.engineMessages, options: options)
    }

    /// `broadcast` with the packet already encoded (`packet.engineMessages`): the seam for an adapter that encodes
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
        let messages = packet.engineMessages
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
        if rooms[room]?.isEmpty == true { rooms[room] = nil }
    }
}
