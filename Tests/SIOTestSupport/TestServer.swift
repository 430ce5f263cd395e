// SPDX-License-Identifier: MIT

import SIOHTTP

/// An HTTP server on port 0 with its own loop thread, for live tests.
public final class TestServer: @unchecked Sendable {
    public let thread: LoopThread
    public let server: HTTPServer
    public let port: Int

    /// `setup` runs on the loop thread before the server starts: mount routes there.
    public init(
        configuration: HTTPServer.Configuration = HTTPServer.Configuration(),
        setup: @escaping (HTTPServer) throws -> Void = { _ in }
    ) throws {
        let thread = try LoopThread()
        let (server, port) = try thread.sync {
            let server = HTTPServer(configuration: configuration, loop: thread.loop)
            try setup(server)
            return (server, try server.start(host: "127.0.0.1", port: 0))
        }
        self.thread = thread
        self.server = server
        self.port = port
    }

    public func client(timeout: Duration = .seconds(5)) throws -> RawClient {
        try RawClient(port: port, timeout: timeout)
    }

    /// Runs `body` on the server's loop and returns its result.
    public func onLoop<T>(_ body: @escaping () throws -> T) throws -> T {
        try thread.sync(body)
    }

    public func stop() {
        thread.stop()
    }

}
