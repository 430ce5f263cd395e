// SPDX-License-Identifier: MIT

import SIOHTTP
import SIOServer
import SIOTestSupport

/// A Socket.IO server on port 0 with its own loop thread and, optionally, a manual clock for timeouts.
final class SocketIOTestServer: @unchecked Sendable {
    let thread: LoopThread
    let http: HTTPServer
    let io: Server
    let port: Int
    let clock: ManualClock?

    /// `setup` runs on the loop thread before the server starts: install handlers there. `configure` changes the
    /// configuration first.
    init(
        clock: ManualClock? = nil,
        setup: @escaping (Server) -> Void = { _ in },
        configure: (inout ServerConfiguration) -> Void = { _ in }
    ) throws {
        var configuration = ServerConfiguration()
        configure(&configuration)
        let thread = try clock.map { try LoopThread(clock: $0) } ?? LoopThread()
        let settings = configuration
        let (http, io, port) = try thread.sync {
            let http = HTTPServer(loop: thread.loop)
            let io = Server(http: http, configuration: settings)
            setup(io)
            return (http, io, try http.start(host: "127.0.0.1", port: 0))
        }
        self.thread = thread
        self.http = http
        self.io = io
        self.port = port
        self.clock = clock
    }

    func client(query: String = "", headers: [String] = []) throws -> PollingClient {
        try PollingClient(port: port, query: query, headers: headers)
    }

    /// Runs `body` on the server's loop and returns its result.
    func onLoop<T>(_ body: @escaping () throws -> T) throws -> T {
        try thread.sync(body)
    }

    /// Moves the manual clock; the loop fires the timers that are now due right after.
    func advance(by delta: Duration) throws {
        guard let clock else { preconditionFailure("this server runs on the system clock") }
        thread.sync { clock.advance(by: delta) }
        thread.sync {}
    }

    func stop() {
        thread.stop()
    }
}
