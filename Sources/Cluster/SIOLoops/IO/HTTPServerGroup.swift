// SPDX-License-Identifier: MIT

import SIOHTTP

/// Several HTTP servers, one per event loop, behind one listening socket: how one process uses every core.
///
/// One loop is one thread, so one loop uses at most one core. A group runs one `HTTPServer` per loop, each
/// on its own `LoopThread`, and shares one port between them: the server whose `start` is called accepts
/// every connection, reads its first request, and hands the connection to the loop that should answer it
/// (`ConnectionPlacement`, the seam SIOHTTP opens for it): the loop that owns the request, if an upper layer
/// says one does (`placeRequests(by:)`), else the next loop in turn (round robin). From then on the connection
/// belongs to that loop, and everything it touches stays confined there, so the loops share nothing and need no
/// locks.
///
/// Why read the first request before dealing: Engine.IO long-polling sends one session's requests on
/// several TCP connections, and the session lives on one loop. Its id names that loop, so the listener
/// sends each new connection straight to it; and because one loop reads every new connection, requests a
/// client sends at once on two new connections (a long-poll and a `POST` that closes the session) reach the
/// session's loop in the order they arrived. A request for another loop on an established connection moves
/// too: the connection leaves its loop with the request already read and any bytes read past it
/// (`Connection.detach`), and the other server answers it as if it had read it itself.
///
/// ```swift
/// let loops = try LoopGroup(count: cores)
/// let servers = loops.onEach { _, loop in HTTPServer(loop: loop) }
/// let group = HTTPServerGroup(servers)
/// let port = try servers[0].start(port: 3000)
/// loops.run()
/// ```
///
/// Why one listener rather than one socket per loop with `SO_REUSEPORT`: the kernel would deal connections
/// before anyone has read which session they are for; one listener also works the same on Linux and macOS
/// (where `SO_REUSEPORT` does not balance), and `maxConnections` stays one limit for the whole process.
// `@unchecked Sendable`: each server is used only on its own loop and `next` only on the listening loop; the
// servers are public API that setup code reads before the loops run, so they cannot sit in `LoopBound`s.
public final class HTTPServerGroup: ConnectionPlacement, @unchecked Sendable {
    /// The servers, one per loop; each is used only on its own loop.
    public let servers: [HTTPServer]
    /// The next server to receive a connection; touched only by the listening server's loop.
    private var next = 0

    /// Joins `servers` (one per loop) into a group; `servers[i].indexInGroup` becomes `i`. Keep the group
    /// alive as long as the servers run: they refer to it weakly.
    public init(_ servers: [HTTPServer]) {
        // The executables pass `LoopGroup.onEach`'s results: one server per loop, at least one.
        precondition(!servers.isEmpty, "a group needs at least one server")
        self.servers = servers
        for (index, server) in servers.enumerated() {
            server.group = self
            server.indexInGroup = index
        }
    }

    /// The first request of a connection the listener just accepted (`fresh`) goes to its owner, or, when
    /// nothing owns it, to the next server in turn: that is how connections are spread over the loops.
    /// Every later request goes to its owner if it has one, and stays where it was read otherwise.
    public func server(for request: HTTPRequest, readBy server: HTTPServer, fresh: Bool) -> HTTPServer {
        let owner = server.owner(of: request, loops: servers.count)
        return owner.map { servers[$0] } ?? (fresh ? nextServer() : server)
    }

    /// The server for the next connection whose first request nothing owns; called on the listening loop.
    private func nextServer() -> HTTPServer {
        defer { next = (next + 1) % servers.count }
        return servers[next]
    }
}
