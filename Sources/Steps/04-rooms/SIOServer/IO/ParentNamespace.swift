// SPDX-License-Identifier: MIT

/// The parent of dynamic namespaces (socket.io `parent-namespace.ts`): `io.of(/^\/room-\d+$/)` or
/// `io.of(matching:)` returns one.
///
/// It is a template: the middleware and `connection` handlers registered on it are copied into each child when the
/// child is created, that is, when the first client connects to a matching name. A broadcast from the parent
/// (`parent.emit`, `parent.to("x").emit`) reaches the matching sockets of every child.
///
/// With `ServerConfiguration.cleanupEmptyChildNamespaces`, a child is removed when its last socket leaves (Node
/// wraps the child's `_remove`); the next client to ask for the name creates it afresh.
///
/// ```swift
/// let rooms = io.of(/^\/room-\d+$/)
/// rooms.onConnection { socket in
///     socket.on("echo") { args, ack in ack?(args) }
/// }
/// rooms.emit("tick")                 // to every socket of /room-1, /room-2, ...
/// ```
// `@unchecked Sendable`: like `Namespace`, its tables are confined to the server's loop; a checked box would cost a
// thread check on every packet routed to a child.
public final class ParentNamespace: Broadcasting, @unchecked Sendable {
    /// The server this parent belongs to (unowned: the server owns it).
    public unowned let server: Server
    /// The child namespaces that exist, in creation order.
    public private(set) var children: [Namespace] = []
    private var middlewares: [Namespace.Middleware] = []
    private var connectionHandlers: [(Socket) -> Void] = []

    init(server: Server) {
        self.server = server
    }

    /// Runs `handler` for every socket that joins any child namespace created from now on.
    public func onConnection(_ handler: @escaping (Socket) -> Void) {
        connectionHandlers.append(handler)
    }

    /// Node's `parent.on("connection", ...)`.
    public func on(_ event: NamespaceEvent, _ handler: @escaping (Socket) -> Void) {
        onConnection(handler)
    }

    /// Adds a middleware to every child namespace created from now on.
    public func use(_ middleware: @escaping Namespace.Middleware) {
        middlewares.append(middleware)
    }

    /// An operator over every child: a broadcast reaches the selected sockets of each of them.
    public var broadcastOperator: BroadcastOperator { BroadcastOperator(scope: .children(self)) }

    /// Creates the child `name` with what this parent has registered so far, and registers it with the server.
    func createChild(_ name: String) -> Namespace {
        let namespace = Namespace(name: name, server: server)
        namespace.inherit(middlewares: middlewares, connectionHandlers: connectionHandlers)
        if server.configuration.cleanupEmptyChildNamespaces { namespace.parent = self }
        children.append(namespace)
        server.register(namespace)
        return namespace
    }

    /// `child` has no socket left: it goes, with its adapter (Node: `adapter.close()`, then out of `_nsps` and
    /// `children`). Sockets that still hold it can do nothing with it: they have left.
    func remove(_ child: Namespace) {
        guard let index = children.firstIndex(where: { $0 === child }) else { return }
        children.remove(at: index)
        server.unregister(child)
        child.adapter.close()
    }
}
