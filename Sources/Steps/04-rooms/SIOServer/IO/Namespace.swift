// SPDX-License-Identifier: MIT

import Foundation
import SIOEngineIO
import SIOHTTP
import SIOJSON

/// A namespace: a channel of its own over shared connections, with its own sockets, rooms, middleware and
/// handlers (socket.io `namespace.ts`).
///
/// A client joins a namespace with a CONNECT packet. The namespace creates a `Socket` for it, runs the
/// middleware (`use`) in order, and then either refuses (CONNECT_ERROR `{"message","data"}`) or connects it:
/// the socket joins the room named by its id, the client gets `{"sid": id}`, and the `connection` handlers run.
///
/// ```swift
/// let admin = io.of("/admin")
/// admin.use { socket, next in
///     next(socket.handshake.auth["token"] == "secret" ? nil : ConnectError("not authorized"))
/// }
/// admin.onConnection { socket in
///     socket.on("echo") { args, ack in ack?(args) }
/// }
/// admin.to("ops").emit("alert", "disk full")
/// ```
// `@unchecked Sendable`: its tables are confined to the server's loop (handlers run there, senders hop there); a
// checked form would box every table and check the thread on each packet.
public final class Namespace: Broadcasting, @unchecked Sendable {
    /// A middleware gets the socket (not yet connected: it may not emit) and calls `next` exactly once, with
    /// `nil` to go on or a `ConnectError` to refuse. It may call `next` later, from any thread.
    public typealias Middleware = (_ socket: Socket, _ next: @escaping @Sendable (ConnectError?) -> Void) -> Void

    /// The name, starting with `/`.
    public let name: String
    /// The server this namespace belongs to (unowned: the server owns its namespaces).
    public unowned let server: Server
    /// The connected sockets, by id.
    public private(set) var sockets: [SocketID: Socket] = [:]
    /// Where the rooms of this namespace live (in memory by default).
    public private(set) lazy var adapter: any Adapter = server.makeAdapter(self)

    /// Sockets whose middleware has not finished yet (Node's `_preConnectSockets`).
    private var pending: [SocketID: Socket] = [:]
    private(set) var middlewares: [Middleware] = []
    private(set) var connectionHandlers: [(Socket) -> Void] = []
    /// Ack ids are per namespace, shared by single emits and broadcasts (Node's `_ids`): a broadcast can then
    /// use one id for all its receivers without clashing with any socket's own pending acks.
    private var ackIDCounter = 0
    /// The parent that removes this child when its last socket leaves; set only with
    /// `cleanupEmptyChildNamespaces`.
    weak var parent: ParentNamespace?

    /// The adapter is made with the namespace, as Node's constructor does (`_initAdapter`): a cluster adapter then
    /// counts this namespace as present, and receives the other servers' messages, before its first client.
    ///
    /// With connection state recovery on, an adapter without a `SessionStore` (the Redis adapter) is a
    /// configuration mistake, refused here, at startup, rather than left to lose sessions silently.
    init(name: String, server: Server) {
        self.name = name
        self.server = server
        _ = adapter
        precondition(
            server.configuration.connectionStateRecovery == nil || adapter.sessionStore != nil,
            "connectionStateRecovery needs an adapter that keeps sessions; \(type(of: adapter)) does not "
                + "(docs/cluster.md)")
    }

    /// The loop of the namespace's server (`package`: the scale modules read it often).
    package var loop: EventLoop { server.loop }

    // MARK: Handlers

    /// Runs `handler` for every socket that joins this namespace.
    public func onConnection(_ handler: @escaping (Socket) -> Void) {
        loop.assertInEventLoop("the connection handlers of namespace \(name)")
        connectionHandlers.append(handler)
    }

    /// Node's `nsp.on("connection", ...)`.
    public func on(_ event: NamespaceEvent, _ handler: @escaping (Socket) -> Void) {
        onConnection(handler)
    }

    /// Adds a middleware, run for every socket before it connects, in the order they were added.
    public func use(_ middleware: @escaping Middleware) {
        loop.assertInEventLoop("the middleware of namespace \(name)")
        middlewares.append(middleware)
    }

    /// An operator with no rooms: `emit` reaches every socket of the namespace.
    public var broadcastOperator: BroadcastOperator { BroadcastOperator(scope: .namespace(self)) }

    // MARK: Admission (socket.io `namespace.ts` `_add`, `run`, `_doConnect`)

    func admit(_ client: Client, auth: JSONObject) {
        let socket = Socket(
            namespace: self, client: client, handshake: makeHandshake(client.session, auth: auth),
            session: recoverableSession(auth))
        pending[socket.id] = socket
        if socket.recovered, server.configuration.connectionStateRecovery?.skipMiddlewares == true {
            return connect(socket)
        }
        MiddlewareRun(middlewares: middlewares, socket: socket) { [self] error in
            guard client.isOpen else {
                socket.cleanUp()
                return
            }
            if let error {
                socket.cleanUp()
                client.write(SocketIOPacket(type: .connectError, namespace: name, data: error.payload))
                return
            }
            connect(socket)
        }.start()
    }

    /// The socket passed: internal state first, then the CONNECT reply, then the user's handlers, so that a
    /// handler that emits or disconnects sees a fully connected socket (Node `_doConnect`).
    private func connect(_ socket: Socket) {
        pending[socket.id] = nil
        sockets[socket.id] = socket
        let complete = socket.didConnect()
        socket.client.didConnect(socket)
        guard complete else { return socket.client.close() }
        for handler in connectionHandlers { handler(socket) }
    }

    /// A socket left, or was refused. A child namespace left with no socket, connected or still in its middleware,
    /// is removed (`cleanupEmptyChildNamespaces`). Node checks only the connected ones; counting the pending ones
    /// too keeps a socket whose middleware has not answered yet from joining a namespace that is gone, and
    /// removing after a refusal keeps refused CONNECTs from leaving empty children behind.
    func remove(_ socket: Socket) {
        if sockets.removeValue(forKey: socket.id) == nil { pending[socket.id] = nil }
        if sockets.isEmpty, pending.isEmpty, let parent { parent.remove(self) }
    }

    /// A fresh ack id of this namespace (Node's `nsp._ids++`). Ids are per namespace, shared by single emits and
    /// broadcasts, so they never clash; the seam for an adapter that delivers another server's broadcast with an
    /// acknowledgement under an id of this namespace (SIORedis, SIOLoops).
    public func nextAckID() -> Int {
        defer { ackIDCounter += 1 }
        return ackIDCounter
    }

    /// The session a CONNECT with `{"pid", "offset"}` in its auth comes back to (Node `_createSocket`): only with
    /// recovery on, both strings, a known pid inside the window and an offset with no gap after it.
    private func recoverableSession(_ auth: JSONObject) -> (RecoverableSession, UInt64)? {
        guard let store = adapter.sessionStore, let pid = auth["pid"]?.stringValue,
            let offset = auth["offset"]?.stringValue,
            let (session, sequence) = store.takeSession(pid: pid, offset: offset, now: loop.now)
        else { return nil }
        return (session, sequence)
    }

    private func makeHandshake(_ session: EngineSession, auth: JSONObject) -> Handshake {
        let now = Date().timeIntervalSince1970
        return Handshake(
            headerFields: session.handshake.headers, queryItems: session.handshake.query, auth: auth,
            address: session.handshake.remoteAddress, time: HTTPDate.format(secondsSince1970: Int(now)),
            issued: Int(now * 1000))
    }

    // MARK: Dynamic namespaces

    /// Copies what a dynamic parent has registered so far onto this new child (Node `createChild`).
    func inherit(middlewares: [Middleware], connectionHandlers: [(Socket) -> Void]) {
        self.middlewares += middlewares
        self.connectionHandlers += connectionHandlers
    }
}

/// One run of a namespace's middleware for one socket (Node `namespace.ts` `run`): each middleware in turn, until
/// one refuses or all have passed.
///
/// `next` may be called from any thread (after an `await`, a database callback...), so it only records the
/// answer and continues on the loop. A `next` called twice, or after the run ended, is ignored.
// `@unchecked Sendable`: `next` is `@Sendable` and captures the run, whose `index` and `done` change only on the
// loop (`next` hops there first); the middlewares and `done` are non-`Sendable` closures, so no `Mutex` fits.
private final class MiddlewareRun: @unchecked Sendable {
    private let middlewares: [Namespace.Middleware]
    private let socket: Socket
    private var done: ((ConnectError?) -> Void)?
    private var index = 0

    init(middlewares: [Namespace.Middleware], socket: Socket, done: @escaping (ConnectError?) -> Void) {
        self.middlewares = middlewares
        self.socket = socket
        self.done = done
    }

    func start() { step() }

    private func step() {
        guard index < middlewares.count else { return finish(nil) }
        let current = index
        middlewares[current](socket) { [self] error in
            socket.loop.runOnLoop { [self] in
                guard index == current, done != nil else { return }
                if let error { return finish(error) }
                index += 1
                step()
            }
        }
    }

    private func finish(_ error: ConnectError?) {
        let done = self.done
        self.done = nil
        done?(error)
    }
}
