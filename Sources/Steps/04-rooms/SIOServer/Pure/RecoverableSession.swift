// SPDX-License-Identifier: MIT

import SIOEngineIO

/// What a socket leaves behind when its connection drops with connection state recovery on (socket.io-adapter
/// `Session`): enough to give a returning client the same socket.
public struct RecoverableSession: Sendable, Hashable {
    /// The socket's id, given back to the recovered socket.
    public var sid: SocketID
    /// The private session id the client holds (sent once, in the CONNECT answer) and shows to come back.
    public var pid: String
    /// The rooms the socket was in, its own included.
    public var rooms: Set<Room>
    /// The socket's `data`.
    public var data: SocketIOObject
    /// When the socket left, on the loop clock (`EventLoop.now`); set by `RecoveryLog.persist`.
    public var disconnectedAt: Duration = .zero

    /// A session from its parts.
    public init(sid: SocketID, pid: String, rooms: Set<Room>, data: SocketIOObject) {
        self.sid = sid
        self.pid = pid
        self.rooms = rooms
        self.data = data
    }
}

/// A packet kept for replay: the packet with its offset, encoded once, and who it was for.
public struct RecoveryEntry: Sendable {
    /// The packet's position in its log; its offset is the log's epoch followed by this number in base 36.
    public let sequence: UInt64
    /// The packet, its offset as its last argument.
    public let packet: SocketIOPacket
    /// The packet as written to every receiver.
    public let messages: [EngineMessage]
    /// The rooms and exclusions of the broadcast, which decide who gets it back.
    public let options: BroadcastOptions
    /// When it was emitted, on the loop clock.
    public let emittedAt: Duration
    /// The encoded size, counted against `ConnectionStateRecovery.maxBytes`.
    public let byteCount: Int

    /// Whether a socket that was in `rooms` would have received it (socket.io-adapter `shouldIncludePacket`): in
    /// one of the target rooms (or there are none), and in none of the excluded ones.
    public func isFor(rooms: Set<Room>) -> Bool {
        (options.rooms.isEmpty || !options.rooms.isDisjoint(with: rooms)) && options.except.isDisjoint(with: rooms)
    }
}
