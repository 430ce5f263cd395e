// SPDX-License-Identifier: MIT

/// Connection state recovery (socket.io `index.ts` `connectionStateRecovery`): a client whose connection drops
/// and comes back within `maxDisconnectionDuration` gets its socket back, with its id, rooms and `data`, and the
/// packets it missed in between.
///
/// With it on, the CONNECT answer carries a private session id, `{"sid": id, "pid": pid}`, and every broadcast or
/// emit that can be replayed carries its offset as its last argument (those with an acknowledgement and volatile
/// ones cannot, and carry none). The official client keeps the pid and the last offset it saw and sends
/// `{"pid", "offset"}` in its next CONNECT; the server then restores the socket (`Socket.recovered` is true) and
/// sends what it missed, in order, before anything new.
///
/// The missed packets and the disconnected sessions are kept per namespace, in memory, for
/// `maxDisconnectionDuration` at most, and within `maxPackets`, `maxBytes` and `maxSessions`: at a bound the
/// oldest goes first, and a client whose offset is older than the oldest packet kept gets a new socket
/// (`recovered` false), never a socket with a silent gap (docs/reliability.md).
///
/// ```swift
/// var configuration = ServerConfiguration()
/// configuration.connectionStateRecovery = ConnectionStateRecovery(maxDisconnectionDuration: .seconds(30))
/// io.onConnection { socket in
///     if !socket.recovered { socket.join("lobby") }     // a recovered socket is in its rooms already
/// }
/// ```
public struct ConnectionStateRecovery: Sendable, Hashable {
    /// How long a disconnected socket's session and the packets it misses are kept (Node's default: 2 minutes).
    public var maxDisconnectionDuration: Duration
    /// Whether a recovered socket skips the namespace's middleware, as in Node (default `true`): it passed them
    /// when it first connected, and its `data` (what middleware usually sets) comes back with it.
    public var skipMiddlewares: Bool
    /// The most packets kept per namespace for replay; beyond it, the oldest is dropped. Node has no bound.
    public var maxPackets: Int
    /// The most bytes (encoded) those packets may take per namespace; beyond it, the oldest is dropped.
    public var maxBytes: Int
    /// The most disconnected sessions kept per namespace; beyond it, the oldest is dropped.
    public var maxSessions: Int

    /// Node's defaults (2 minutes, middleware skipped) and this server's bounds: 10,000 packets, 16 MiB and
    /// 10,000 sessions per namespace.
    public init(
        maxDisconnectionDuration: Duration = .seconds(120), skipMiddlewares: Bool = true, maxPackets: Int = 10_000,
        maxBytes: Int = 16 << 20, maxSessions: Int = 10_000
    ) {
        self.maxDisconnectionDuration = maxDisconnectionDuration
        self.skipMiddlewares = skipMiddlewares
        self.maxPackets = maxPackets
        self.maxBytes = maxBytes
        self.maxSessions = maxSessions
    }
}
