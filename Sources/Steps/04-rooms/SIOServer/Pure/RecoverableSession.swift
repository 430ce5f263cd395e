// SPDX-License-Identifier: MIT

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
