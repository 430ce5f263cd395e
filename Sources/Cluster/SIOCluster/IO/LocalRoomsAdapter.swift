// SPDX-License-Identifier: MIT

import SIOServer

/// A cluster adapter whose rooms stay on this server, in an `InMemoryAdapter` (`local`): it adds the traffic
/// between servers (or loops) and leaves rooms, socket selection and local delivery to `local`, as socket.io's
/// cluster adapters extend the in-memory one.
///
/// Conforming provides every room method of `Adapter`, and the local `broadcastWithAck`, by forwarding to `local`;
/// the adapter writes only `broadcast` (which also reaches the others) and the `ClusterAdapter` operations.
public protocol LocalRoomsAdapter: ClusterAdapter {
    /// This server's rooms and sockets.
    var local: InMemoryAdapter { get }
}

extension LocalRoomsAdapter {
    /// The local rooms and their members, from the embedded in-memory adapter.
    public var rooms: [Room: Set<SocketID>] { local.rooms }
    /// The local adapter's room events: each server (or loop) reports its own sockets joining and leaving, as
    /// each node of a Node cluster does (the official cluster adapters extend the in-memory one).
    public var events: AdapterEvents { local.events }
    /// Kept in the local adapter: membership is always local, only broadcasts travel.
    public func addAll(_ id: SocketID, to rooms: Set<Room>) { local.addAll(id, to: rooms) }
    /// Kept in the local adapter.
    public func remove(_ id: SocketID, from room: Room) { local.remove(id, from: room) }
    /// Kept in the local adapter.
    public func removeAll(_ id: SocketID) { local.removeAll(id) }
    /// Read from the local adapter.
    public func rooms(of id: SocketID) -> Set<Room> { local.rooms(of: id) }
    /// This node's sockets only; other nodes answer for theirs.
    public func sockets(matching options: BroadcastOptions) -> [Socket] { local.sockets(matching: options) }

    /// This server only (`ClusterAdapter.broadcastWithAck` is the cluster-wide one).
    public func broadcastWithAck(
        _ packet: SocketIOPacket, options: BroadcastOptions, onResponse: @escaping ([SocketIOValue]) -> Void
    ) -> Int {
        local.broadcastWithAck(packet, options: options, onResponse: onResponse)
    }
}
