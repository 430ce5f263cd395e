// SPDX-License-Identifier: MIT

import Foundation
import SIOEngineIO
import SIOHTTP
import SIOJSON
import SIOWebSocket

/// A Socket.IO v5 server on top of the Engine.IO server (socket.io `index.ts`).
///
/// The server owns the namespaces. `/` (also `io.sockets`) always exists; `of("/admin")` adds a namespace, and
/// `of(pattern)` / `of(matching:)` add dynamic ones, created when a client first asks for a matching name.
/// For convenience, everything a namespace does (`onConnection`, `use`, `emit`, `to`, ...) is also available on
/// the server, where it means the main namespace, exactly as in Node.
///
/// ```swift
/// let io = Server(http: http)
/// io.onConnection { socket in
///     socket.on("chat message") { args in io.emit("chat message", args) }
///     socket.on("join") { args, ack in
///         if let room = args.first?.stringValue { socket.join(room) }
///         ack?(true)
///     }
/// }
/// io.of("/admin").onConnection { socket in socket.emit("welcome", "admin") }
/// ```
///
/// Threading: the server, its namespaces and sockets live on the HTTP server's event loop and are read and
/// changed only there; every handler runs on that loop. Methods that send (`emit`, `join`, `disconnect`, ...)
/// hop onto the loop when called elsewhere. Awaiting (`emitWithAck`) belongs in a task on the loop
/// (`socket.task { ... }`, `loop.task { ... }`), which resumes on the loop: the loop is a Swift executor.
// `@unchecked Sendable`: its tables are confined to the loop, which (not the compiler) provides the isolation; a
// checked form would box every table and check the thread on every packet.
public final class Server: EngineDelegate, Broadcasting, @unchecked Sendable {
    /// The settings of this server and of its Engine.IO server (`configuration.engine`).
    public let configuration: ServerConfiguration
    /// The Engine.IO server underneath (Node's `io.engine`).
    public let engine: EngineServer
    /// The loop everything runs on.
    public var loop: EventLoop { engine.loop }
    /// The namespaces that exist, by name (Node's `_nsps`), dynamic children included.
    public private(set) var namespaces: [String: Namespace] = [:]
    /// The main namespace, `/` (Node's `io.sockets`).
    public private(set) lazy var sockets: Namespace = of("/")
    /// Counts for metrics (packets, bytes, broadcasts); read on the loop.
    public internal(set) var statistics = ServerStatistics()

    /// The session stores of this server's namespaces, with connection state recovery on (`nil` otherwise);
    /// `InMemoryAdapter` takes its namespace's store from here.
    public let sessionStores: SessionStores?

    let makeAdapter: (Namespace) -> any Adapter
    private var newNamespaceHandlers: [(Namespace) -> Void] = []
    /// The dynamic parents in the order they were added, which is the order their predicates are asked in.
    private(set) var parents: [(predicate: NamespacePredicate, fromPattern: Bool, parent: ParentNamespace)] = []

    /// Attaches a Socket.IO server to `http`, under `configuration.engine.path` (`/socket.io/`), over
    /// long-polling and WebSocket.
    ///
    /// `adapter` makes the adapter of each namespace; the default keeps rooms in memory.
    public init(
        http: HTTPServer, configuration: ServerConfiguration = ServerConfiguration(),
        adapter: @escaping (Namespace) -> any Adapter = { InMemoryAdapter(namespace: $0) }
    ) {
        self.configuration = configuration
        self.makeAdapter = adapter
        sessionStores = configuration.connectionStateRecovery.map { SessionStores(configuration: $0) }
        engine = EngineServer(configuration: configuration.engine, http: http)
        engine.register(EngineWebSocketProvider(configuration: configuration.engine))
        engine.delegate = self
        _ = sockets
    }

    // MARK: Namespaces

    /// The namespace `name`, created if needed (`io.of("/admin")`; a missing leading `/` is added).
    ///
    /// A name matching a dynamic pattern registered with `of(_:)` becomes a child of that parent, as in Node.
    /// Names cannot contain a comma: on the wire, the comma ends the namespace and there is no escape.
    /// `maxNamespaceNameBytes` and `maxChildNamespaces` bound what clients ask for, not this call.
    @discardableResult
    public func of(_ name: String) -> Namespace {
        let name = name.hasPrefix("/") ? name : "/" + name
        // Names from the wire never hold a comma (the packet decoder ends the namespace there): only a program can pass one.
        precondition(!name.contains(","), "a namespace name cannot contain a comma: \(name)")
        if let existing = namespaces[name] { return existing }
        if let parent = parents.first(where: { $0.fromPattern && $0.predicate.matchesAtOnce(name) })?.parent {
            return parent.createChild(name)
        }
        let namespace = Namespace(name: name, server: self)
        register(namespace)
        return namespace
    }

    /// Runs `handler` for every namespace created from now on, with `of(_:)` or as a dynamic child, before its
    /// first socket connects (Node's `io.on("new_namespace", ...)`): the Admin UI instruments each one this way.
    public func onNewNamespace(_ handler: @escaping (Namespace) -> Void) {
        loop.assertInEventLoop("the new-namespace handlers of the server")
        newNamespaceHandlers.append(handler)
    }

    /// A dynamic namespace: every name the pattern matches (anywhere, like JavaScript's `regex.test`) becomes a
    /// child namespace of the returned parent when a client first connects to it.
    ///
    /// ```swift
    /// io.of(/^\/room-\d+$/).onConnection { socket in
    ///     socket.emit("hello", .string(socket.namespace.name))    // "/room-42"
    /// }
    /// ```
    @discardableResult
    public func of<Output>(_ pattern: Regex<Output>) -> ParentNamespace {
        addParent(fromPattern: true, .atOnce { name, _ in name.contains(pattern) })
    }

    /// A dynamic namespace decided by code: `predicate(name, auth)` says whether a client may create `name`.
    ///
    /// This one answers at once, on the loop; for a predicate that must wait (Node's `next(err, allow)` called
    /// later), pass an `async` closure (`Server+DynamicNamespaces.swift`).
    @discardableResult
    public func of(matching predicate: @escaping (_ name: String, _ auth: JSONObject) -> Bool) -> ParentNamespace {
        addParent(fromPattern: false, .atOnce(predicate))
    }

    func addParent(fromPattern: Bool, _ predicate: NamespacePredicate) -> ParentNamespace {
        let parent = ParentNamespace(server: self)
        parents.append((predicate, fromPattern, parent))
        return parent
    }

    /// The dynamic child namespaces that exist now, over all parents.
    public var childNamespaceCount: Int {
        parents.reduce(0) { $0 + $1.parent.children.count }
    }

    func register(_ namespace: Namespace) {
        namespaces[namespace.name] = namespace
        for handler in newNamespaceHandlers { handler(namespace) }
    }

    /// Forgets a child namespace its parent removed (`cleanupEmptyChildNamespaces`).
    func unregister(_ namespace: Namespace) {
        if namespaces[namespace.name] === namespace { namespaces[namespace.name] = nil }
    }

    /// The main namespace's operator, so that `io.emit`, `io.to(...)` and friends reach `/`.
    public var broadcastOperator: BroadcastOperator { sockets.broadcastOperator }

    // MARK: Main-namespace shortcuts (Node forwards these from `io` to `io.sockets`)

    /// Runs `handler` for every socket that connects to `/`.
    public func onConnection(_ handler: @escaping (Socket) -> Void) { sockets.onConnection(handler) }

    /// Node's `io.on("connection", ...)`.
    public func on(_ event: NamespaceEvent, _ handler: @escaping (Socket) -> Void) { sockets.on(event, handler) }

    /// Adds a middleware to `/` (see `Namespace.use`).
    public func use(_ middleware: @escaping Namespace.Middleware) { sockets.use(middleware) }

    // MARK: Closing

    /// Disconnects every socket with `server shutting down`, then closes every Engine.IO connection
    /// (Node's `io.close()`). The HTTP server keeps running; shut it down afterwards.
    public func close() {
        loop.runOnLoop { [self] in
            for namespace in namespaces.values {
                for socket in Array(namespace.sockets.values) { socket.close(reason: .serverShuttingDown) }
            }
            engine.closeAll(reason: .forcedClose)
        }
    }

    // MARK: EngineDelegate

    /// Every Engine.IO session gets its own `Client` as its delegate: the session then hands each message
    /// straight to that client's decoder (`EngineSessionDelegate`), typed, and this server hears of nothing else.
    public func engineSessionDidOpen(_ session: EngineSession) {
        session.delegate = Client(session: session, server: self)
    }
}

/// The events a namespace emits for its own use (Node's `NamespaceReservedEventsMap`).
public enum NamespaceEvent: String, Sendable {
    /// A socket joined the namespace (its middleware passed).
    case connection
    /// Node's alias of `connection`.
    case connect
}
