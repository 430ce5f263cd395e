// SPDX-License-Identifier: MIT

import SIOHTTP
import SIOLoops

/// An HTTP server on port 0 with its own loop thread, for live tests; with `loops` > 1, an `HTTPServerGroup`
/// of that many servers, each on its own loop thread, behind one port.
public final class TestServer: @unchecked Sendable {
    package let threads: [LoopThread]
    public let servers: [HTTPServer]
    public let group: HTTPServerGroup
    public let port: Int
    /// The first (or only) loop thread, whose server listens.
    package var thread: LoopThread { threads[0] }
    public var server: HTTPServer { servers[0] }

    /// `setup` runs on each loop thread before the server starts: mount routes there. `clock` is every loop's
    /// (a `ManualClock` lets a test move time without sleeping).
    public init(
        configuration: HTTPServer.Configuration = HTTPServer.Configuration(), loops: Int = 1,
        clock: any LoopClock = SystemClock(), setup: @escaping (HTTPServer) throws -> Void = { _ in }
    ) throws {
        let threads = try (0..<loops).map { _ in try LoopThread(clock: clock) }
        let servers = try threads.map { thread in
            try thread.sync {
                let server = HTTPServer(configuration: configuration, loop: thread.loop)
                try setup(server)
                return server
            }
        }
        group = HTTPServerGroup(servers)
        port = try threads[0].sync { try servers[0].start(host: "127.0.0.1", port: 0) }
        self.threads = threads
        self.servers = servers
    }

    public func client(timeout: Duration = .seconds(5)) throws -> RawClient {
        try RawClient(port: port, timeout: timeout)
    }

    /// Runs `body` on the server's loop and returns its result.
    public func onLoop<T>(_ body: @escaping () throws -> T) throws -> T {
        try thread.sync(body)
    }

    public func stop() {
        for thread in threads { thread.stop() }
    }

}
