// SPDX-License-Identifier: MIT

import Foundation
import SIOCluster
import SIOHTTP
import SIOServer

/// The server side of the Socket.IO Admin UI (https://admin.socket.io, `@socket.io/admin-ui` `instrument` for
/// Node, python-socketio `instrument` for Python): a namespace, `/admin` by default, where the UI logs in, is told
/// what the server holds and may act on it.
///
/// ```swift
/// let io = Server(http: http, configuration: configuration)       // engine.cors allowing https://admin.socket.io
/// AdminUI.instrument(io, AdminUIConfiguration(authentication: .basic(username: "admin", password: secret)))
/// ```
///
/// What the UI receives, with Node's event names and payloads:
/// - `session` (an id it may reconnect with), then `config` `{"supportedFeatures":[...]}` (`AdminUIFeature`);
/// - in development mode, `all_sockets` (every socket of every namespace, through `fetchClusterSockets`, so a
///   cluster's sockets are all listed), then as they happen `socket_connected` `(socket, date)`,
///   `socket_updated` `{"id","nsp","transport"}` after an upgrade, `socket_disconnected` `(nsp, id, reason, date)`,
///   `room_joined` / `room_left` `(nsp, room, id, date)` (from the adapter's room events), `event_received` /
///   `event_sent` `(nsp, id, [event, ...args], date)`;
/// - every `serverStatsInterval`, `server_stats` `{"serverId","hostname","pid","uptime","clientsCount",
///   "pollingClientsCount","aggregatedEvents","namespaces":[{"name","socketsCount"}]}`.
///
/// What the UI may send, unless `readonly`: `emit` `(nsp, room?, event, ...args)`, `join` / `leave`
/// `(nsp, room, filterRoom?)`, `_disconnect` `(nsp, close, filterRoom?)`; see `AdminUI+Operations.swift`.
///
/// Loop-confined like the server it instruments: call `instrument` on the server's loop (or before it runs), once
/// per loop of a `LoopGroup`, each with its own `serverID` (copies of one configuration share its `sessions` and
/// `loginThrottle`). What goes to the UI is plain emits on its namespace, so a slow UI is held to the
/// per-connection budgets of every socket (docs/reliability.md).
// `@unchecked Sendable`: every field is confined to `io.loop`; the stats timer and the handlers run there.
public final class AdminUI: @unchecked Sendable {
    /// The instrumented server.
    public let io: Server
    /// The UI's namespace.
    public let namespace: Namespace
    /// The settings it was instrumented with.
    public let configuration: AdminUIConfiguration
    let serverID: String
    let startedAt: Duration
    var aggregated: AggregatedEvents
    var statsTimer: LoopTimer?
    /// Sockets still on long-polling, by id: each stats tick reports those that upgraded
    /// (`socket_updated`). Bounded by the sockets connected; a socket leaves it on upgrade or disconnection.
    var pollingSockets: [SocketID: Socket] = [:]

    /// Instruments `io` for the Admin UI: creates `configuration.namespaceName` with its login check, starts the
    /// stats and, in development mode, watches every namespace. The server's handlers hold the instrumentation:
    /// it lives as long as the server; keep the result to `stop()` the stats.
    @discardableResult
    public static func instrument(_ io: Server, _ configuration: AdminUIConfiguration) -> AdminUI {
        let adminUI = AdminUI(io: io, configuration: configuration)
        adminUI.start()
        return adminUI
    }

    private init(io: Server, configuration: AdminUIConfiguration) {
        self.io = io
        self.configuration = configuration
        namespace = io.of(configuration.namespaceName)
        serverID = configuration.serverID ?? ProcessInfo.processInfo.hostName
        startedAt = io.loop.now
        aggregated = AggregatedEvents(from: .init(server: io.statistics, engine: io.engine.statistics))
    }

    /// Stops the periodic `server_stats` (the namespace and its handlers stay).
    public func stop() {
        io.loop.runOnLoop { [self] in
            statsTimer?.cancel()
            statsTimer = nil
        }
    }

    private func start() {
        installAuthentication()
        namespace.onConnection { [self] socket in adminConnected(socket) }
        if configuration.mode == .development {
            for watched in io.namespaces.values { watch(watched) }
            io.onNewNamespace { [self] created in watch(created) }
        }
        emitServerStats()
    }

    /// Node's verification middleware: a known session id, or the configured username and password; otherwise
    /// CONNECT_ERROR `invalid credentials`, which the UI shows on its login form. An address past the login
    /// throttle gets the same answer whatever it sends (`AdminUILoginThrottle`).
    private func installAuthentication() {
        guard case .basic(let username, let password) = configuration.authentication else { return }
        let credentials = AdminUICredentials(username: username, password: password)
        let sessions = configuration.sessions, throttle = configuration.loginThrottle
        namespace.use { socket, next in
            let auth = socket.handshake.auth, address = socket.handshake.address
            guard throttle.allows(address) else { return next(ConnectError("invalid credentials")) }
            if let id = auth["sessionId"]?.stringValue, sessions.contains(id) { return next(nil) }
            if credentials.accepts(auth) { return next(nil) }
            throttle.recordFailure(address)
            next(ConnectError("invalid credentials"))
        }
    }

    /// A UI connected: its operations, a session id when it logged in with the password, the features, and in
    /// development mode every socket there is.
    private func adminConnected(_ socket: Socket) {
        if !configuration.readonly { registerOperations(on: socket) }
        if case .basic = configuration.authentication, socket.handshake.auth["username"] != nil {
            socket.emit("session", .string(configuration.sessions.create()))
        }
        let features = AdminUIFeature.supported(by: configuration).map { SocketIOValue.string($0.rawValue) }
        socket.emit("config", ["supportedFeatures": .array(features)])
        guard configuration.mode == .development else { return }
        let path = io.configuration.engine.path
        let namespaces = io.namespaces.values.sorted { $0.name < $1.name }
        AllSocketsFetch(namespaces: namespaces) { found in
            let sockets = found.map { AdminUISerialization.socket($0.details, namespace: $0.namespace.name, path: path) }
            socket.emit("all_sockets", .array(sockets))
        }.start()
    }

    /// `server_stats` now, then every `serverStatsInterval` until `stop()`.
    private func emitServerStats() {
        let sessions = io.engine.sessions.values
        let namespaces = io.namespaces.values.sorted { $0.name < $1.name }.map { namespace -> SocketIOValue in
            ["name": .string(namespace.name), "socketsCount": .number(Double(namespace.sockets.count))]
        }
        let reading = AggregatedEvents.Reading(server: io.statistics, engine: io.engine.statistics)
        let stats: SocketIOObject = [
            "serverId": .string(serverID),
            "hostname": .string(ProcessInfo.processInfo.hostName),
            "pid": .number(Double(ProcessInfo.processInfo.processIdentifier)),
            "uptime": .number(seconds(io.loop.now - startedAt)),
            "clientsCount": .number(Double(sessions.count)),
            "pollingClientsCount": .number(Double(sessions.filter { $0.transportName == "polling" }.count)),
            "aggregatedEvents": .array(aggregated.report(reading, timestamp: Int(Date().timeIntervalSince1970 * 1000))),
            "namespaces": .array(namespaces),
        ]
        namespace.emit("server_stats", .object(stats))
        reportUpgrades()
        statsTimer = io.loop.schedule(after: configuration.serverStatsInterval) { [self] in emitServerStats() }
    }
}

private func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

/// `fetchClusterSockets` of several namespaces, answered once all have answered (Node's `Promise.all`). A
/// namespace whose cluster did not answer in time is left out (the UI shows what this server knows).
private final class AllSocketsFetch {
    private let namespaces: [Namespace]
    private var found: [RemoteSocket] = []
    private var pending: Int
    private let completion: ([RemoteSocket]) -> Void

    init(namespaces: [Namespace], completion: @escaping ([RemoteSocket]) -> Void) {
        self.namespaces = namespaces
        pending = namespaces.count
        self.completion = completion
    }

    func start() {
        guard !namespaces.isEmpty else { return completion([]) }
        for namespace in namespaces {
            namespace.fetchClusterSockets { [self] result in
                found += (try? result.get()) ?? []
                pending -= 1
                if pending == 0 { completion(found) }
            }
        }
    }
}
