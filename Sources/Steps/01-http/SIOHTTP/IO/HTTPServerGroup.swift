// SPDX-License-Identifier: MIT

/// Several HTTP servers, one per event loop, behind one listening socket: how one process uses every core.
///
/// One loop is one thread, so one loop uses at most one core. A group runs one `HTTPServer` per loop, each
/// on its own `LoopThread`, and shares one port between them: the server whose `start` is called accepts
/// every connection and deals them to the servers in turn (round robin). From then on a connection belongs
/// to its server's loop, and everything it touches stays confined to that loop, so the loops share nothing
/// and need no locks.
///
/// Sometimes a request reaches the wrong loop. Engine.IO long-polling sends one session's requests on
/// several TCP connections, and each may have been dealt to a different loop, but the session lives on
/// one. The route that owns the session answers `.forward(to: server)`: the connection leaves this loop
/// with the request already read and any bytes read past it (`Connection.detach`), and the other server
/// answers it as if it had read it itself. The connection stays there for its next requests.
///
/// ```swift
/// let threads = try (0..<cores).map { _ in try LoopThread() }
/// let servers = try threads.map { thread in try thread.sync { HTTPServer(loop: thread.loop) } }
/// let group = HTTPServerGroup(servers)
/// let port = try threads[0].sync { try servers[0].start(port: 3000) }
/// ```
///
/// Why deal connections from one listener rather than give each loop its own socket with `SO_REUSEPORT`:
/// it works the same on Linux and macOS (where `SO_REUSEPORT` does not balance), `maxConnections` stays one
/// limit for the whole process, and the hand-over is the same move forwarding needs anyway.
public final class HTTPServerGroup: @unchecked Sendable {
    /// The servers, one per loop; each is used only on its own loop.
    public let servers: [HTTPServer]
    /// The next server to receive a connection; touched only by the listening server's loop.
    private var next = 0

    /// Joins `servers` (one per loop) into a group; `servers[i].indexInGroup` becomes `i`. Keep the group
    /// alive as long as the servers run: they refer to it weakly.
    public init(_ servers: [HTTPServer]) {
        precondition(!servers.isEmpty, "a group needs at least one server")
        self.servers = servers
        for (index, server) in servers.enumerated() {
            server.group = self
            server.indexInGroup = index
        }
    }

    /// The server for the next accepted connection.
    func nextServer() -> HTTPServer {
        defer { next = (next + 1) % servers.count }
        return servers[next]
    }
}
