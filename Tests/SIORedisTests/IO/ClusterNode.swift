// SPDX-License-Identifier: MIT

import Foundation
import SIOHTTP
import SIORedis
import SIOServer
import SIOTestSupport
import Synchronization

/// One server of a test cluster: its own loop thread, HTTP server on port 0, and Redis adapter.
///
/// Clients that emit `join` (with an ack) join the room they name. Reconnection is fast (20 ms to 200 ms) and
/// requests give up after 1 s, so that the tests of outages and timeouts stay short.
final class ClusterNode: @unchecked Sendable {
    let thread: LoopThread
    let http: HTTPServer
    let io: Server
    let redis: RedisAdapterFactory
    let port: Int
    private let log: LogLines
    private let linkUp: DispatchSemaphore
    private let linkDown: DispatchSemaphore

    init(redisURL: String, configuration: ServerConfiguration = ServerConfiguration()) throws {
        let thread = try LoopThread()
        let endpoint = try RedisEndpoint(url: redisURL)
        let linkUp = DispatchSemaphore(value: 0), linkDown = DispatchSemaphore(value: 0), log = LogLines()
        (http, io, redis, port) = try thread.sync {
            var options = RedisAdapterOptions()
            options.backoff = ReconnectBackoff(initial: .milliseconds(20), maximum: .milliseconds(200))
            options.requestsTimeout = .seconds(1)
            let redis = RedisAdapterFactory(endpoint: endpoint, options: options, loop: thread.loop)
            redis.log = { _, line in log.lines.withLock { $0.append(line) } }
            redis.onConnectionChange = { up in (up ? linkUp : linkDown).signal() }
            let http = HTTPServer(loop: thread.loop)
            let io = Server(http: http, configuration: configuration, redis: redis)
            io.onConnection { socket in
                socket.on("join") { args, ack in
                    if let room = args.first?.stringValue { socket.join(room) }
                    ack?(true)
                }
            }
            return (http, io, redis, try http.start(host: "127.0.0.1", port: 0))
        }
        self.thread = thread
        self.linkUp = linkUp
        self.linkDown = linkDown
        self.log = log
    }

    /// The Redis adapter's log lines so far.
    var logLines: [String] { log.lines.withLock { $0 } }

    /// Waits for the cluster link to come up (or, with `false`, to go down) once more.
    func waitForLink(up: Bool = true, timeout: Duration = .seconds(10)) -> Bool {
        let (seconds, attoseconds) = timeout.components
        let deadline = DispatchTime.now() + .nanoseconds(Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000))
        return (up ? linkUp : linkDown).wait(timeout: deadline) == .success
    }

    /// A new long-polling client of this server, connected to `/`.
    func client() async throws -> PollingSocket {
        try await PollingSocket.connect(port: port)
    }

    /// `waitForLink`, awaited off the cooperative pool.
    func link(up: Bool = true) async throws -> Bool {
        try await offPool { self.waitForLink(up: up) }
    }

    /// Runs `body` on the server's loop and returns its result.
    @discardableResult
    func onLoop<T>(_ body: @escaping () throws -> T) throws -> T {
        try thread.sync(body)
    }

    func stop() {
        thread.sync { self.redis.close() }
        thread.stop()
    }
}

/// Log lines written on the loop thread and read by the test.
final class LogLines: Sendable {
    let lines = Mutex<[String]>([])
}

/// A value produced on the loop thread (a callback's result) and read by the test.
final class Recorded<Value: Sendable>: Sendable {
    private let storage = Mutex<Value?>(nil)

    func set(_ value: Value) { storage.withLock { $0 = value } }

    var value: Value? { storage.withLock { $0 } }
}
