// SPDX-License-Identifier: MIT

/// A room appeared or disappeared: socket.io-adapter's `create-room` and `delete-room`, with the room's name.
public enum AdapterRoomEvent: String, Sendable, CaseIterable {
    /// A socket joined a room that had no member (Node `adapter.on("create-room", (room) => ...)`). Fires before
    /// that socket's `join-room`. Each socket's own room counts: it is created when the socket connects.
    case createRoom = "create-room"
    /// The last member left a room (Node `delete-room`). Fires after that member's `leave-room`.
    case deleteRoom = "delete-room"
}

/// A socket joined or left a room: socket.io-adapter's `join-room` and `leave-room`, with the room and the
/// socket's id.
public enum AdapterMembershipEvent: String, Sendable, CaseIterable {
    /// A socket joined a room it was not in (Node `adapter.on("join-room", (room, id) => ...)`). A second `join`
    /// of the same room fires nothing.
    case joinRoom = "join-room"
    /// A socket left a room it was in (`leave`, or leaving its namespace: once per room, its own included).
    case leaveRoom = "leave-room"
}

/// The room events of one adapter, and their handlers (socket.io-adapter's `Adapter` is an `EventEmitter` that
/// emits `create-room`, `delete-room`, `join-room` and `leave-room`; `in-memory-adapter.ts` `addAll`, `del`,
/// `delAll`).
///
/// An application watches rooms without wrapping `join` and `leave`: the Admin UI reports `room_joined` and
/// `room_left` from them, and a presence list can follow a room's creation and deletion. The events describe
/// *this server's* rooms: with a cluster adapter (`LoopAdapterGroup`, Redis) each loop or node sees its own
/// sockets join and leave, as each Node server of a cluster does.
///
/// ```swift
/// io.sockets.adapter.on(.createRoom) { room in print("room", room, "created") }
/// io.sockets.adapter.on(.joinRoom) { room, id in print(id, "joined", room) }
/// ```
///
/// Handlers run on the loop, synchronously, in the middle of the room change (as Node's `emit` does): the maps
/// are already updated for that room. A handler may join or leave rooms itself.
// Not `Sendable`: it lives on its adapter's loop, like the rooms it reports.
public final class AdapterEvents {
    private var roomHandlers: [AdapterRoomEvent: [(Room) -> Void]] = [:]
    private var membershipHandlers: [AdapterMembershipEvent: [(Room, SocketID) -> Void]] = [:]

    /// No handlers yet.
    public init() {}

    /// Runs `handler` with the room's name each time `event` happens, after the handlers added before it.
    public func on(_ event: AdapterRoomEvent, _ handler: @escaping (_ room: Room) -> Void) {
        roomHandlers[event, default: []].append(handler)
    }

    /// Runs `handler` with the room and the socket's id each time `event` happens.
    public func on(_ event: AdapterMembershipEvent, _ handler: @escaping (_ room: Room, _ id: SocketID) -> Void) {
        membershipHandlers[event, default: []].append(handler)
    }

    /// Runs the handlers of `event` (what an adapter calls when a room appears or disappears).
    public func emit(_ event: AdapterRoomEvent, _ room: Room) {
        guard let handlers = roomHandlers[event] else { return }
        for handler in handlers { handler(room) }
    }

    /// Runs the handlers of `event` (what an adapter calls when a socket joins or leaves a room).
    public func emit(_ event: AdapterMembershipEvent, _ room: Room, _ id: SocketID) {
        guard let handlers = membershipHandlers[event] else { return }
        for handler in handlers { handler(room, id) }
    }
}
