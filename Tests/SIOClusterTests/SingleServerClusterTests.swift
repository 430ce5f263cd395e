// SPDX-License-Identifier: MIT

import SIOCluster
import SIOHTTP
import SIOServer
import SIOTestSupport
import Testing

/// The cluster API on a server whose namespaces keep the in-memory adapter: code written for a cluster runs
/// unchanged on one server, which is then the whole cluster.
@Suite("The cluster API on one server")
struct SingleServerClusterTests {
    @Test("counts one server, and a server-side emit reaches nobody: its acknowledgement completes at once, empty")
    func aloneServerSide() async throws {
        let (server, io) = try Self.start()
        defer { server.stop() }
        #expect(await io.serverCount() == 1)
        #expect(try await io.serverSideEmitWithAck("anyone", "there?").isEmpty)
        #expect(io.serverSideEmit("hello"))
        #expect(!io.serverSideEmit("connect"))
    }

    @Test("fetchClusterSockets returns this server's sockets, marked local, and a remote socket reaches its client")
    func fetchesLocalSockets() async throws {
        let (server, io) = try Self.start()
        defer { server.stop() }
        let port = server.port
        let client = try await offPool { try PollingClient(port: port) }
        let id = try await offPool { try client.connect() }
        try server.onLoop { io.sockets.sockets[id]?.data = ["name": "ada"] }

        let sockets = try await io.fetchClusterSockets()
        #expect(sockets.map(\.id) == [id])
        #expect(sockets.first?.isLocal == true && sockets.first?.data == ["name": "ada"])
        sockets.first?.emit("direct", "hello")
        #expect(try await offPool { try client.next() } == #"42["direct","hello"]"#)
    }

    /// A Socket.IO server with the default (in-memory) adapter on a test HTTP server.
    private static func start() throws -> (TestServer, Server) {
        let made = Made()
        let server = try TestServer { http in made.io = Server(http: http) }
        return (server, try #require(made.io))
    }

    /// The server made on the loop thread; read after `TestServer` returns, which waited for that thread.
    private final class Made: @unchecked Sendable {
        var io: Server?
    }
}
