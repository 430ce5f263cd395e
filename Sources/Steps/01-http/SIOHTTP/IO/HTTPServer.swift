// SPDX-License-Identifier: MIT

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An HTTP/1.1 server on one event loop.
///
/// ```swift
/// let loop = try EventLoop()
/// let server = HTTPServer(loop: loop)
/// server.mount("/health") { _, _ in .response(HTTPResponse(contentType: "application/json", text: #"{"status":"ok"}"#)) }
/// let port = try server.start(host: "0.0.0.0", port: 3000)
/// loop.run()
/// ```
public final class HTTPServer {
    /// The server's limits and hooks; every limit has a default and a defined behaviour at the bound
    /// (docs/reliability.md).
    public struct Configuration: Sendable {
        /// Request line plus headers; larger heads get `431`.
        public var maxHeaderBytes = 16 * 1024
        /// Request bodies; larger ones get `413`.
        public var maxBodyBytes = 1 << 20
        /// Time a client has to send a whole request once it has started; then `408` and close.
        public var requestTimeout: Duration = .seconds(10)
        /// Time an idle keep-alive connection is kept open.
        public var idleTimeout: Duration = .seconds(30)
        /// Open connections at most. `nil`: the process's open-file limit minus a reserve.
        public var maxConnections: Int?
        /// Each connection's budget of outbound bytes (`ConnectionLimits`): back-pressure at 1 MiB queued,
        /// disconnect past 4 MiB or after 30 s over 1 MiB. Upgraded connections (WebSockets) keep it.
        public var connectionLimits = ConnectionLimits()
        /// How long a graceful shutdown waits for in-flight responses before closing anyway.
        public var shutdownGracePeriod: Duration = .seconds(5)
        /// Receives one line per request (`nil`: no request log).
        public var log: (@Sendable (String) -> Void)?

        /// The defaults: 16 KiB of head, 1 MiB of body, 10 s per request, 30 s idle, no connection cap.
        public init() {}

        var parserLimits: HTTPParser.Limits {
            HTTPParser.Limits(maxHeaderBytes: maxHeaderBytes, maxBodyBytes: maxBodyBytes)
        }
    }

    /// The loop the server, its listener and its connections live on.
    public let loop: EventLoop
    /// The limits in force; change them before `start`.
    public var configuration: Configuration
    package internal(set) var router = Router()
    private var listener: Listener?
    private var connections: [ObjectIdentifier: HTTPConnection] = [:]
    private var shutdownHooks: [() -> Void] = []
    private var shutdownCompletion: (() -> Void)?
    private var cachedDate: (second: Int, text: String) = (-1, "")
    private var counters = HTTPServerStatistics()
    /// Where this server's connections report a peer disconnected for breaking its budget.
    private(set) lazy var backPressureLog = BackPressureLog { [weak self] line in self?.configuration.log?(line) }
    /// Connections of this server open now, upgraded ones included (an atomic: see `OpenConnectionCount`).
    let openCount = OpenConnectionCount()
    /// The servers this one shares its port with, one per loop (SIOLoops' `HTTPServerGroup`); `nil` when alone.
    public package(set) weak var group: (any ConnectionPlacement)?
    /// This server's place in its group (0 when alone).
    public package(set) var indexInGroup = 0
    /// The rules that say which loop of the group owns a request (`placeRequests(by:)`).
    var ownerRules: [(_ request: HTTPRequest, _ loops: Int) -> Int?] = []

    /// A server on `loop` with no routes yet: `mount` them, then `start`. Create it on the loop's thread (or before
    /// the loop runs).
    public init(configuration: Configuration = Configuration(), loop: EventLoop) {
        self.configuration = configuration
        self.loop = loop
    }

    /// Mounts `handler` for requests whose path starts with `prefix` (see `Router`).
    public func mount(_ prefix: String, methods: Set<String>? = nil, _ handler: @escaping HTTPHandler) {
        router.mount(prefix, methods: methods, handler)
    }

    /// Runs `hook` when a graceful shutdown starts: upper layers close what the HTTP server
    /// no longer tracks (sessions, upgraded WebSockets).
    public func onShutdown(_ hook: @escaping () -> Void) {
        shutdownHooks.append(hook)
    }

    /// Number of HTTP connections (upgraded connections are no longer counted here).
    public var connectionCount: Int { connections.count }

    /// Connection counts for metrics (read on the loop).
    public var statistics: HTTPServerStatistics {
        var statistics = counters
        statistics.openConnections = openCount.value
        statistics.slowReaderDisconnects = backPressureLog.slowReaderDisconnects
        statistics.overflowDisconnects = backPressureLog.overflowDisconnects
        return statistics
    }

    /// Starts listening and returns the bound port (useful with port 0).
    ///
    /// In a group, only one server listens (call this on it, on its loop): it accepts every connection and,
    /// once a connection's first request is read, hands it to the loop that should answer it
    /// (`ConnectionPlacement`).
    @discardableResult
    public func start(host: String = "0.0.0.0", port: Int) throws -> Int {
        let listener = try Listener(host: host, port: port, loop: loop, maxConnections: resolvedMaxConnections())
        listener.refusal = HTTPResponse(status: .serviceUnavailable, text: "Too many connections\n")
            .encoded(closing: true, headOnly: false, date: nil)
        listener.onRefuse = { [weak self] in self?.counters.refusedConnections += 1 }
        let counts = (group?.servers ?? [self]).map(\.openCount)
        listener.openConnections = { counts.reduce(0) { $0 + $1.value } }
        listener.onAccept = { [weak self] fd, remoteAddress in
            guard let self else { return closeDescriptor(fd) }
            accept(fd, remoteAddress: remoteAddress)
        }
        self.listener = listener
        return listener.port
    }

    /// Serves a freshly accepted connection.
    private func accept(_ fd: Int32, remoteAddress: String) {
        let connection = Connection(
            fd: fd, loop: loop, remoteAddress: remoteAddress, limits: configuration.connectionLimits)
        if serve(connection, fresh: group != nil) != nil { counters.acceptedConnections += 1 }
    }

    /// Counts `connection` as this server's, registers it with the loop and starts its HTTP exchange; `fresh`
    /// marks one whose first request still has to be placed on a loop of the group. `nil` if the loop refused it.
    func serve(_ connection: Connection, fresh: Bool = false) -> HTTPConnection? {
        openCount.increment()
        connection.openCount = openCount
        connection.backPressureLog = backPressureLog
        guard (try? connection.start()) != nil else {
            connection.abort()
            return nil
        }
        let exchange = HTTPConnection(connection: connection, server: self, fresh: fresh)
        connections[ObjectIdentifier(exchange)] = exchange
        connection.setHandler(exchange)
        return exchange
    }

    private func resolvedMaxConnections() -> Int {
        if let limit = configuration.maxConnections { return limit }
        var limit = rlimit()
        getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        return max(16, Int(limit.rlim_cur) - 64)
    }

    /// Graceful shutdown: stop accepting, let in-flight responses finish (at most
    /// `shutdownGracePeriod`), close idle connections, then call `completion`.
    public func shutdown(completion: @escaping () -> Void) {
        listener?.close()
        listener = nil
        shutdownCompletion = completion
        for hook in shutdownHooks { hook() }
        shutdownHooks.removeAll()
        for connection in Array(connections.values) { connection.closeWhenIdle() }
        loop.schedule(after: configuration.shutdownGracePeriod) { [weak self] in
            guard let self else { return }
            for connection in Array(connections.values) { connection.abort() }
        }
        finishShutdownIfDone()
    }

    func connectionClosed(_ connection: HTTPConnection) {
        connections[ObjectIdentifier(connection)] = nil
        finishShutdownIfDone()
    }

    func connectionHandedOver(_ connection: HTTPConnection) {
        connections[ObjectIdentifier(connection)] = nil
        finishShutdownIfDone()
    }

    private func finishShutdownIfDone() {
        guard connections.isEmpty, let completion = shutdownCompletion else { return }
        shutdownCompletion = nil
        completion()
    }

    // MARK: Helpers for HTTPConnection

    /// The `Date` header value (RFC 9110 §6.6.1), formatted at most once per second.
    func dateHeader() -> String {
        let seconds = time(nil)
        if seconds != cachedDate.second {
            cachedDate = (seconds, HTTPDate.format(secondsSince1970: seconds))
        }
        return cachedDate.text
    }

    /// One line per response; `request` is nil when the request could not be parsed (4xx before routing).
    func log(_ request: HTTPRequest?, _ status: HTTPStatus, bytes: Int, start: Duration, remote: String) {
        guard let log = configuration.log else { return }
        let elapsed = loop.now - start
        let millis = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        let rounded = (millis * 10).rounded() / 10
        log("\(remote) \(request?.method ?? "-") \(request?.target ?? "-") \(status.code) \(bytes)B \(rounded)ms")
    }
}
