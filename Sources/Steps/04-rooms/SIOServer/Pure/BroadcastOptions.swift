// SPDX-License-Identifier: MIT

/// A room name. Every socket is also in the room named by its own id, so that `io.to(socket.id)` reaches it.
public typealias Room = String

/// A Socket.IO socket id: 20 random base64url characters, distinct from the Engine.IO session id.
///
/// It is a plain `String` on purpose: a socket id is also a room name (see `Room`), and Node code passes one
/// where the other is expected (`io.to(socketId).emit(...)`).
public typealias SocketID = String

/// Who receives a broadcast and how (socket.io-adapter `BroadcastOptions`).
///
/// `rooms` selects the receivers: the union of those rooms, or every socket of the namespace when it is empty.
/// `except` removes every socket that is in one of those rooms, whatever `rooms` says. So
/// `io.to("a").to("b").except("c")` reaches sockets in `a` or `b`, minus those in `c`, each once.
///
/// ```swift
/// BroadcastOptions(rooms: ["lobby"], except: [sender.id])     // socket.to("lobby")
/// BroadcastOptions()                                           // io.emit: everybody
/// ```
public struct BroadcastOptions: Sendable, Hashable {
    /// The rooms to reach; empty means every socket of the namespace.
    public var rooms: Set<Room>
    /// Sockets in any of these rooms are left out.
    public var except: Set<Room>
    /// `volatile`, `local` and the acknowledgement timeout.
    public var flags: BroadcastFlags

    /// Options from their parts; `BroadcastOperator` builds them for you.
    public init(rooms: Set<Room> = [], except: Set<Room> = [], flags: BroadcastFlags = BroadcastFlags()) {
        self.rooms = rooms
        self.except = except
        self.flags = flags
    }
}

/// The modifiers of a broadcast (socket.io-adapter `BroadcastFlags`).
public struct BroadcastFlags: Sendable, Hashable {
    /// Drop the packet for a receiver whose transport cannot take it right now, instead of queueing it
    /// (a long-poll with no pending `GET`, for example). For data that is stale a moment later: positions, ticks.
    public var volatile: Bool
    /// Only this server's sockets: do not forward the broadcast to other nodes. The in-memory adapter has no
    /// other nodes, so the flag changes nothing there; a cluster adapter reads it.
    public var local: Bool
    /// How long a broadcast with an acknowledgement waits for every receiver to answer.
    public var timeout: Duration?
    /// Whether transports may compress the packet (permessage-deflate, HTTP compression); `compress(false)` clears it.
    public var compress: Bool

    /// Flags from their parts; all off by default, except `compress`, on as in Node.
    public init(volatile: Bool = false, local: Bool = false, timeout: Duration? = nil, compress: Bool = true) {
        self.volatile = volatile
        self.local = local
        self.timeout = timeout
        self.compress = compress
    }
}
