// SPDX-License-Identifier: MIT

/// An adapter that shares a namespace with the same namespace on other servers (socket.io-adapter's
/// `Adapter` methods `serverCount`, `broadcastWithAck`, `fetchSockets`, `addSockets`, `delSockets`,
/// `disconnectSockets`, `serverSideEmit`, which the in-memory adapter implements for one process only).
///
/// `Adapter` is what every adapter does: rooms, and delivery to this server's sockets. A cluster adapter
/// (`RedisAdapter` in the SIORedis module) also forwards each broadcast to the other servers, and the
/// operations below reach them too. The server notices the conformance and uses it:
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
    /// How many servers serve this namespace, this one included (at least 1).
    func serverCount(_ completion: @escaping (Int) -> Void)

    /// Like `Adapter.broadcastWithAck`, on every server: the packet (which carries an ack id) goes to the
    /// sockets `options` selects here and elsewhere. Each server, this one included, calls `onClientCount`
    /// once with the number of sockets it wrote to; each socket's answer goes to `onResponse`.
    func broadcastWithAck(
        _ packet: SocketIOPacket, options: BroadcastOptions, onClientCount: @escaping (Int) -> Void,
        onResponse: @escaping ([SocketIOValue]) -> Void)

    /// The sockets `options` selects on the *other* servers, or a timeout when some do not answer.
    func fetchRemoteSockets(
        matching options: BroadcastOptions, completion: @escaping (Result<[SocketDetails], ClusterTimeoutError>) -> Void)

    /// Makes the sockets `options` selects on the other servers join `rooms` (this server does its own).
    func addRemoteSockets(matching options: BroadcastOptions, to rooms: [Room])

    /// Makes the sockets `options` selects on the other servers leave `rooms`.
    func removeRemoteSockets(matching options: BroadcastOptions, from rooms: [Room])

    /// Disconnects the sockets `options` selects on the other servers; with `close`, their connections too.
    func disconnectRemoteSockets(matching options: BroadcastOptions, close: Bool)

    /// Sends an event to the other servers' `onServerSideEmit` handlers. With `ack`, waits for one answer per
    /// server (this one excluded) and calls it with them, or with a timeout holding those that arrived.
    func serverSideEmit(
        _ event: String, _ arguments: [SocketIOValue],
        ack: ((Result<[SocketIOValue], ClusterTimeoutError>) -> Void)?)

    /// The handlers for events other servers send with `serverSideEmit` (`namespace.onServerSideEmit`).
    var serverSideEvents: ServerSideEvents { get }
}
