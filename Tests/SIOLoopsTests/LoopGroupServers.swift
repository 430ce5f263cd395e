// SPDX-License-Identifier: MIT

import SIOHTTP
import SIOLoops
import SIOServer
import SIOTestSupport

/// Socket.IO servers on the loops of one `LoopAdapterGroup`: each loop has its own thread, its own HTTP server
/// on port 0 and its own `Server`, so a client reaches one loop by connecting to that loop's port.
final class LoopGroupServers: @unchecked Sendable {
    let threads: [LoopThread]
    /// The `Server` of each loop, by loop index.
    let io: [Server]
    /// Kept here: a listening `HTTPServer` is owned by whoever started it.
    private let http: [HTTPServer]
    /// The port of each loop's HTTP server, by loop index.
    let ports: [Int]

    /// `setup` runs on each loop before its server starts, with that loop's `Server`.
    init(
        loops: Int = 2, requestsTimeout: Duration = .seconds(5), configuration: ServerConfiguration = ServerConfiguration(),
        setup: @escaping (Server) -> Void = { _ in }
    ) throws {
        let threads = try (0..<loops).map { _ in try LoopThread() }
        let group = LoopAdapterGroup(loops: threads.map(\.loop), requestsTimeout: requestsTimeout)
        let started = try threads.map { thread in
            try thread.sync {
                let http = HTTPServer(loop: thread.loop)
                let io = Server(http: http, configuration: configuration, adapter: group.adapter)
                setup(io)
                return (http, io, try http.start(host: "127.0.0.1", port: 0))
            }
        }
        self.threads = threads
        http = started.map(\.0)
        io = started.map(\.1)
        ports = started.map(\.2)
    }

    /// A new long-polling client of loop `index`, connected to `/`.
    func client(on index: Int) async throws -> LoopClient {
        let port = ports[index]
        return try await offPool {
            let connection = try PollingClient(port: port)
            return LoopClient(id: try connection.connect(), connection: connection)
        }
    }

    /// Runs `body` on loop `index` and returns its result.
    @discardableResult
    func onLoop<T>(_ index: Int, _ body: @escaping () throws -> T) throws -> T {
        try threads[index].sync(body)
    }

    func stop() {
        for thread in threads { thread.stop() }
    }
}

/// A client of one loop, whose blocking reads and writes run off Swift's cooperative pool (`offPool`).
final class LoopClient {
    /// The Socket.IO socket id from the CONNECT reply.
    let id: SocketID
    private let connection: PollingClient

    init(id: SocketID, connection: PollingClient) {
        self.id = id
        self.connection = connection
    }

    /// The next Engine.IO packet the server sent.
    func receive() async throws -> String {
        try await offPool { try self.connection.next() }
    }

    /// The next `count` packets.
    func receive(_ count: Int) async throws -> [String] {
        try await offPool { try self.connection.next(count) }
    }

    /// POSTs one Engine.IO packet, e.g. `431["yes"]`.
    func send(_ packet: String) async throws {
        let status = try await offPool { try self.connection.post(packet) }
        guard status == 200 else { throw RawClient.Failure(description: "POST answered \(status)") }
    }
}
