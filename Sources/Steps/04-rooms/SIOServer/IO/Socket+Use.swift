// SPDX-License-Identifier: MIT

/// Per-socket packet middleware (socket.io `socket.ts` `use` and `run`): functions that see every incoming event
/// before its handlers and may refuse it.
///
/// ```swift
/// io.onConnection { socket in
///     socket.use { packet, next in
///         guard packet.eventName != "admin-only" || socket.data["role"] == "admin" else {
///             return next(ConnectError("not allowed"))
///         }
///         next(nil)
///     }
///     socket.on("error") { args in print(args[0]["message"] ?? "") }   // "not allowed"
/// }
/// ```
///
/// Middleware run in the order they were added, each calling `next` once: `nil` passes the event on, an error
/// drops it. A dropped event reaches no handler and the client is told nothing (if it asked for an ack, its
/// own ack timeout fires), exactly as in Node; the socket's own `error` handlers run instead, with the error's
/// `{"message","data"}` object (Node emits a local `error` event). Catch-all `onAny` listeners run before any
/// middleware, so they see refused events too (Node `onevent`).
///
/// This is the hook step 5 uses to keep an unauthenticated socket's events away from the application.
extension Socket {
    /// A packet middleware gets the incoming EVENT (`packet.eventName`, `packet.arguments`) and calls `next`
    /// exactly once, possibly later and from another thread.
    public typealias PacketMiddleware = (
        _ packet: SocketIOPacket, _ next: @escaping @Sendable (ConnectError?) -> Void
    ) -> Void

    /// Adds a packet middleware. Call it on the loop (in a connection handler), like `on`.
    public func use(_ middleware: @escaping PacketMiddleware) {
        loop.assertInEventLoop("Socket.use of \(id)")
        packetMiddlewares.append(middleware)
    }

    /// Runs the packet middleware for `packet`, then `deliver` if every one passed it.
    func runPacketMiddlewares(_ packet: SocketIOPacket, then deliver: @escaping () -> Void) {
        guard !packetMiddlewares.isEmpty else { return deliver() }
        PacketMiddlewareRun(middlewares: packetMiddlewares, socket: self, packet: packet, deliver: deliver).start()
    }

    /// A middleware refused an event: the socket's `error` handlers hear about it.
    fileprivate func packetRefused(_ error: ConnectError) {
        guard connected else { return }
        for handler in handlers["error"] ?? [] { handler([error.payload], nil) }
    }
}

/// One run of a socket's packet middleware for one event, like the namespace's run for one socket: `next` may be
/// called from any thread, so it continues on the loop, and a second or late call is ignored.
// `@unchecked Sendable`: as `MiddlewareRun`, its mutable fields change only on the loop, where `next` hops first;
// it holds non-`Sendable` closures, so no `Mutex` fits.
private final class PacketMiddlewareRun: @unchecked Sendable {
    private let middlewares: [Socket.PacketMiddleware]
    private let socket: Socket
    private let packet: SocketIOPacket
    private var deliver: (() -> Void)?
    private var index = 0

    init(
        middlewares: [Socket.PacketMiddleware], socket: Socket, packet: SocketIOPacket, deliver: @escaping () -> Void
    ) {
        self.middlewares = middlewares
        self.socket = socket
        self.packet = packet
        self.deliver = deliver
    }

    func start() { step() }

    private func step() {
        guard index < middlewares.count else {
            let deliver = self.deliver
            self.deliver = nil
            deliver?()
            return
        }
        let current = index
        middlewares[current](packet) { [self] error in
            socket.loop.runOnLoop { [self] in
                guard index == current, deliver != nil else { return }
                if let error {
                    deliver = nil
                    socket.packetRefused(error)
                    return
                }
                index += 1
                step()
            }
        }
    }
}
