// SPDX-License-Identifier: MIT

import Foundation
import SIOAdminUI
import SIOAuth
import SIOHTTP
import SIOLoops
import SIORedis
import SIOServer
import SIOWebSocket

/// The whole chat server on one event loop, assembled: store, accounts, HTTP API, Socket.IO with
/// authentication, web page.
///
/// Routes, in the order they are tried:
/// 1. `GET /socket.io/socket.io.js`: the client script (the operator's bundle, or `public/sio-client.js`);
/// 2. `/socket.io/`: Engine.IO and Socket.IO (long-polling and WebSocket);
/// 3. `/api/`: the JSON API (`APIRouter`);
/// 4. `/health`, `/ready`, `/metrics`: for operators and their tools (`OperationsRoutes`);
/// 5. `/`: the web page (`public/`).
///
/// A process runs one app per loop (`ChatServer`), each built on its loop's thread and confined to it, sharing
/// what must be one for the process (`ChatShared`). `init(configuration:loop:)` builds an app that is the whole
/// process on its own (the tests'). Create it and call `start()` on the loop thread (or before the loop runs);
/// `shutdown` stops it cleanly.
final class ChatApp {
    /// What every loop of the process shares: settings, log, secret, online users, metrics.
    let shared: ChatShared
    let loop: EventLoop
    /// This app's loop in the process (0 when alone).
    let index: Int
    let store: ChatStore
    let accounts: AccountService
    let chat: ChatService
    let http: HTTPServer
    let io: Server
    /// The link to the other processes when `--redis` is set (`docs/deploy.md`, "Several processes behind nginx").
    let redis: RedisAdapterFactory?
    let auth: Authenticator
    let hub: RealtimeHub
    let api: APIRouter
    /// What `/ready` answers: not ready once the process is shutting down (`ChatShared.markShuttingDown`).
    let readiness: Readiness
    /// This loop's metric families (`ChatMetrics`); `/metrics` combines every loop's (`ProcessMetrics`).
    let metrics = MetricsRegistry()
    /// The adapter's state, for `/ready` and `sio_adapter_connected`. The in-memory default is always
    /// connected; an app built with a cluster adapter replaces this with a closure that asks the adapter.
    var adapterStatus: () -> AdapterStatus = { .memory }
    /// The completions of `shutdown` calls, `nil` until the first call.
    private var shutdownCompletions: [() -> Void]?
    private var isStopped = false
    /// True when this app is the whole process: its shutdown then also ends the shared log. In a `ChatServer`,
    /// the server does that once, after every loop has stopped.
    private let ownsShared: Bool

    var configuration: ChatConfiguration { shared.configuration }
    var logger: Logger { shared.logger }

    /// An app alone on `loop`, with shared parts of its own.
    convenience init(configuration: ChatConfiguration, loop: EventLoop) throws {
        try self.init(shared: ChatShared(configuration: configuration), loop: loop, ownsShared: true)
    }

    /// The app of loop `index` of a process. Rooms and broadcasts reach the other loops through `adapters`, or
    /// through Redis when `--redis` is set (each loop is then one node of the Redis cluster); with neither, this
    /// loop is alone.
    init(
        shared: ChatShared, loop: EventLoop, index: Int = 0, adapters: LoopAdapterGroup? = nil, ownsShared: Bool = false
    ) throws {
        self.shared = shared
        self.loop = loop
        self.index = index
        self.ownsShared = ownsShared
        readiness = Readiness { shared.isShuttingDown }
        let configuration = shared.configuration, logger = shared.logger
        store = try ChatStore(path: configuration.databasePath)
        let tokens = TokenIssuer(secret: shared.secret, lifetime: configuration.tokenLifetime) { Date().timeIntervalSince1970 }
        accounts = AccountService(
            store: store, hasher: PasswordHasher(iterations: configuration.passwordIterations), tokens: tokens,
            logger: logger, loop: loop, pool: shared.passwordPool, loginGuard: shared.loginGuard)
        chat = ChatService(store: store, logger: logger)

        var httpConfiguration = HTTPServer.Configuration()
        httpConfiguration.maxConnections = configuration.maxConnections
        httpConfiguration.shutdownGracePeriod = configuration.shutdownTimeout
        // Engine.IO's own requests (every long-poll) are left out of the request log: besides being noise, an
        // admin listening at debug level over long-polling would receive each of its polls as a `log` event,
        // which answers the poll, which starts the next one, and so on forever.
        httpConfiguration.log = { line in
            if !line.contains(" \(configuration.server.engine.path)") { logger.debug(line) }
        }
        http = HTTPServer(configuration: httpConfiguration, loop: loop)
        Self.mountClientScript(on: http, configuration: configuration)
        if let endpoint = configuration.redis {
            let redis = RedisAdapterFactory(endpoint: endpoint, loop: loop)
            redis.log = { level, line in logger.log(LogLevel(rawValue: level.rawValue) ?? .info, line) }
            if index == 0 {
                logger.info("connection state recovery is off: the Redis adapter keeps no sessions (docs/cluster.md)")
            }
            self.redis = redis
            io = Server(http: http, configuration: configuration.server, redis: redis)
        } else {
            redis = nil
            let inMemory: (Namespace) -> any Adapter = { InMemoryAdapter(namespace: $0) }
            io = Server(http: http, configuration: configuration.server, adapter: adapters.map { $0.adapter(for:) } ?? inMemory)
        }
        // WebSocket (step 3) next to long-polling; registering it again is harmless (one provider per kind).
        io.engine.register(EngineWebSocketProvider(configuration: configuration.server.engine))

        let store = store
        let verifier = TokenVerifier(jwt: tokens.jwt) { claims in
            guard let id = claims.subject.flatMap({ Int($0) }) else { return false }
            return try store.user(id: id) != nil
        }
        auth = Authenticator(namespace: io.sockets, verifier: verifier, configuration: configuration.authentication)
        auth.log = { line in logger.debug(line) }
        hub = RealtimeHub(io: io, auth: auth, chat: chat, online: shared.online, loopIndex: index)
        chat.sink = hub
        let hub = hub
        io.onConnection { socket in
            ChatSocketEvents.install(on: socket, hub: hub)
            AdminSocketEvents.install(on: socket, hub: hub)
        }
        if var adminUI = configuration.adminUI {
            // One row per loop in the UI's server list; the session store is one for the process (a shared class).
            if configuration.loops > 1 { adminUI.serverID = ProcessInfo.processInfo.hostName + "#\(index)" }
            AdminUI.instrument(io, adminUI)
        }

        api = APIRouter(accounts: accounts, logger: logger, trustedProxies: configuration.trustedProxies)
        AccountRoutes.install(on: api, accounts: accounts, chat: chat)
        RoomRoutes.install(on: api, chat: chat)
        NotificationRoutes.install(on: api, chat: chat)
        let api = api
        http.mount("/api/") { request, context in api.handle(request, context: context) }
        OperationsRoutes.install(on: http, readiness: readiness, metrics: shared.metrics)
        let files = StaticFiles(root: configuration.publicDirectory, urlPrefix: "/")
        http.mount("/", methods: ["GET"]) { request, _ in .response(files.response(for: request)) }

        readiness.add { [unowned store] in store.isOpen ? nil : "the database is closed" }
        readiness.add { [unowned self] in
            let adapter = adapterStatus()
            return adapter.connected ? nil : "the \(adapter.name) adapter is disconnected"
        }
        ChatMetrics.register(on: metrics, app: self)
        if let redis {
            adapterStatus = { AdapterStatus(name: "redis", connected: redis.statistics.connected) }
            RedisMetrics.register(on: metrics, redis: redis)
        }
        shared.metrics.add(metrics, on: loop)
    }

    /// Starts listening; returns the bound port.
    func start() throws -> Int {
        let port = try http.start(host: configuration.host, port: configuration.port)
        logger.info(
            "ChatDemo listening on http://\(configuration.host == "0.0.0.0" ? "localhost" : configuration.host):\(port)/",
            fields: [
                "host": .string(configuration.host), "port": .number(Double(port)),
                "loops": .number(Double(configuration.loops)),
            ])
        return port
    }

    /// Graceful shutdown (SIGTERM), in this order:
    /// 1. `/ready` answers 503 `server shutting down`; for `shutdownDelay` (0 by default) the server keeps
    ///    serving, so that a load balancer that polls `/ready` stops sending new clients first;
    /// 2. every socket leaves with the reason `server shutting down` (its `disconnect` handlers run) and its
    ///    connection closes; clients see the transport close and reconnect with their backoff;
    /// 3. the listener closes, in-flight HTTP requests get their answers (at most `shutdownTimeout`);
    /// 4. this loop's database connection is closed (the last one checkpoints the write-ahead log), then
    ///    `completion` runs (an app alone also logs `stopped` and closes the log; `ChatServer` does that once).
    ///
    /// No message write can be cut in half: writes run on this loop, and so does this method. Every message
    /// acknowledged so far was committed (with `synchronous=FULL`: on disk) before its acknowledgement left.
    /// A second call only adds its `completion` to those run at the end (or runs it, if the end has passed).
    func shutdown(completion: @escaping () -> Void) {
        if isStopped { return completion() }
        guard shutdownCompletions == nil else {
            shutdownCompletions?.append(completion)
            return
        }
        shutdownCompletions = [completion]
        shared.markShuttingDown()
        let started = loop.now
        logger.info("shutting down", fields: [
            "sockets": .number(Double(io.sockets.sockets.count)), "sessions": .number(Double(io.engine.sessions.count)),
            "delayMs": .number(Double(configuration.shutdownDelay.milliseconds)), "loop": .number(Double(index)),
        ])
        let stop = { [self] in
            io.close()
            http.shutdown { [self] in
                redis?.close()
                store.close()
                if ownsShared { shared.stopped(after: loop.now - started) }
                isStopped = true
                for completion in shutdownCompletions ?? [] { completion() }
            }
        }
        if configuration.shutdownDelay > .zero {
            loop.schedule(after: configuration.shutdownDelay, stop)
        } else {
            stop()
        }
    }

    /// `GET /socket.io/socket.io.js`, mounted before the Socket.IO server so that it wins over the engine's
    /// `/socket.io/` route. The file is read on every request: small, and an edit shows without a restart.
    private static func mountClientScript(on http: HTTPServer, configuration: ChatConfiguration) {
        let path = configuration.clientBundle ?? configuration.publicDirectory + "/sio-client.js"
        http.mount("/socket.io/socket.io.js", methods: ["GET"]) { _, _ in
            guard let contents = FileManager.default.contents(atPath: path) else {
                return .response(HTTPResponse(status: .notFound, text: "client script not found\n"))
            }
            return .response(HTTPResponse(
                headers: ["Content-Type": "application/javascript; charset=utf-8", "Cache-Control": "no-cache"],
                body: [UInt8](contents)))
        }
    }
}
