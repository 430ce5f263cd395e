// SPDX-License-Identifier: MIT

import SIOServer

/// A socket that may live on another server of the cluster: what `fetchClusterSockets()` returns
/// (socket.io `broadcast-operator.ts` `RemoteSocket`).
///
/// It is a snapshot (id, handshake, rooms and `data` as they were when fetched) plus a handle: `emit`, `join`,
/// `leave` and `disconnect` go through the namespace's adapter to whichever server holds the socket, by
/// addressing the room named by its id. Sockets of this server come back as `RemoteSocket`s too, with `isLocal`
/// set, so that code written for one server keeps working on several.
///
/// ```swift
/// io.in("lobby").fetchClusterSockets { result in
///     for socket in (try? result.get()) ?? [] where socket.data["role"] == "guest" {
///         socket.emit("notice", "the lobby closes in 5 minutes")
///         socket.leave("lobby")
///     }
/// }
/// ```
public struct RemoteSocket: Sendable {
    /// The snapshot as it crossed the cluster: id, handshake, rooms and `data` when fetched (the official
    /// adapters' `SocketDetails` wire format).
    public let details: SocketDetails
    /// The namespace the socket is connected to; `emit`, `join`, `leave` and `disconnect` go through its adapter.
    public let namespace: Namespace
    /// True when the socket is connected to this server.
    public let isLocal: Bool

    /// Built by `fetchClusterSockets` only: a `RemoteSocket` is what the cluster reported, never made up.
    init(details: SocketDetails, namespace: Namespace, isLocal: Bool) {
        self.details = details
        self.namespace = namespace
        self.isLocal = isLocal
    }

    /// The socket's id (Socket.IO protocol v5: unique across the cluster), also the room that reaches it alone.
    public var id: SocketID { details.id }
    /// The handshake of its connection (headers, query, auth payload, address), as its own server saw it.
    public var handshake: Handshake { details.handshake }
    /// The rooms it was in when fetched, its own room (its id) included.
    public var rooms: Set<Room> { details.rooms }
    /// Its `data` when fetched, as JSON: the application's per-socket values (a user name, a role) travel this way.
    public var data: SocketIOValue { details.data }

    /// An operator that reaches exactly this socket, wherever it is.
    private var target: BroadcastOperator { namespace.to(details.id) }

    /// Sends an event to the socket. Returns `false`, sending nothing, for a reserved event name.
    @discardableResult
    public func emit(_ event: String, _ arguments: SocketIOValue...) -> Bool { target.emit(event, arguments) }

    /// Makes the socket join `rooms`.
    public func join(_ rooms: Room...) { target.socketsJoin(rooms) }

    /// Makes the socket leave `rooms`.
    public func leave(_ rooms: Room...) { target.socketsLeave(rooms) }

    /// Disconnects the socket (`server namespace disconnect`); with `close`, its whole connection.
    public func disconnect(close: Bool = false) { target.disconnectSockets(close: close) }
}

extension Socket {
    /// This socket, described for another server (or for `fetchClusterSockets`).
    public var details: SocketDetails {
        SocketDetails(id: id, handshake: handshake, rooms: rooms, data: .object(data))
    }
}
