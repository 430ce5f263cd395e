// SPDX-License-Identifier: MIT

import SIOServer

/// An adapter that shares a namespace with the same namespace on other servers (socket.io-adapter's
/// `Adapter` methods `serverCount`, `broadcastWithAck`, `fetchSockets`, `addSockets`, `delSockets`,
/// `disconnectSockets`, `serverSideEmit`, which the in-memory adapter implements for one process only).
///
/// `Adapter` is what every adapter does: rooms, delivery to this server's sockets, and the seams SIOServer opens
/// for other servers (`serverCount`, `broadcastWithAck` with client counts, `addRemoteSockets`, ...), whose
/// defaults serve this server alone. A cluster adapter (`RedisAdapter` in SIORedis, `LoopGroupAdapter` in
/// SIOLoops) also forwards each broadcast to the other servers, implements those seams for every server, and
/// answers the requests below; this module adds the API built on them (`fetchClusterSockets`, `serverSideEmit`):
///
/// | API                                          | without a cluster adapter | with one                       |
/// |----------------------------------------------|---------------------------|--------------------------------|
/// | `io.emit`, `io.to(room).emit`                | this server's sockets     | every server's (via `broadcast`) |
/// | `io.timeout(..).emit(..., ack:)`             | answers of this server    | answers of every server        |
/// | `io.socketsJoin` / `socketsLeave` / `disconnectSockets` | this server    | every server                   |
/// | `io.fetchClusterSockets()`                   | this server's sockets     | every server's                 |
/// | `io.serverSideEmit` / `onServerSideEmit`     | nothing to reach          | the other servers              |
///
/// `.local` (`io.local.emit`, `io.local.socketsJoin`) keeps any of them on this server.
///
/// The methods run on the loop, and so do their callbacks. When the other servers cannot be reached (Redis is
/// down), a cluster adapter keeps serving this server's sockets and reports one server in `serverCount`.
public protocol ClusterAdapter: Adapter {
    /// The sockets `options` selects on the *other* servers, or a timeout when some do not answer.
    func fetchRemoteSockets(
        matching options: BroadcastOptions, completion: @escaping (Result<[SocketDetails], ClusterTimeoutError>) -> Void)

    /// Sends an event to the other servers' `onServerSideEmit` handlers. With `ack`, waits for one answer per
    /// server (this one excluded) and calls it with them, or with a timeout holding those that arrived.
    func serverSideEmit(
        _ event: String, _ arguments: [SocketIOValue],
        ack: ((Result<[SocketIOValue], ClusterTimeoutError>) -> Void)?)

    /// The handlers for events other servers send with `serverSideEmit` (`namespace.onServerSideEmit`).
    var serverSideEvents: ServerSideEvents { get }
}
