// SPDX-License-Identifier: MIT

import SIOServer

/// What one server can tell another about one of its sockets (socket.io `broadcast-operator.ts`
/// `SocketDetails`): its id, handshake, rooms and `data`.
///
/// `fetchClusterSockets()` gathers these from every server of a cluster; a cluster adapter sends them over its
/// bus (the Redis adapter: in the REMOTE_FETCH response, as JSON). A `Socket` cannot cross a process
/// boundary, its description can, and `RemoteSocket` turns it back into something to emit to.
public struct SocketDetails: Sendable, Hashable {
    /// The socket's id.
    public var id: SocketID
    /// The request and CONNECT payload that created it.
    public var handshake: Handshake
    /// The rooms it is in, its own included.
    public var rooms: Set<Room>
    /// The socket's `data` (an object for our sockets; a Node server may have put any value there).
    public var data: SocketIOValue

    /// Details from their parts (what a cluster node sends for one of its sockets).
    public init(id: SocketID, handshake: Handshake, rooms: Set<Room>, data: SocketIOValue) {
        self.id = id
        self.handshake = handshake
        self.rooms = rooms
        self.data = data
    }
}
