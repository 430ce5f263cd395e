// SPDX-License-Identifier: MIT

import SIOServer

/// What the UI may do (`@socket.io/admin-ui` `registerFeatureHandlers`, the Socket.IO v4 forms): each operation
/// names a namespace and, optionally, a room that filters the sockets it applies to; with a cluster adapter it
/// reaches the sockets of every loop and server. Not registered in read-only mode, so the UI's requests are
/// ignored.
///
/// | event         | arguments                         | effect                                              |
/// |---------------|-----------------------------------|-----------------------------------------------------|
/// | `emit`        | `nsp, room or null, event, ...args` | `io.of(nsp).in(room).emit(event, ...args)`          |
/// | `join`        | `nsp, room, filter room?`         | `io.of(nsp).in(filter).socketsJoin(room)`           |
/// | `leave`       | `nsp, room, filter room?`         | `io.of(nsp).in(filter).socketsLeave(room)`          |
/// | `_disconnect` | `nsp, close, filter room?`        | `io.of(nsp).in(filter).disconnectSockets(close)`    |
///
/// A namespace that does not exist is not created (Node's `io.of` would create it): the operation does nothing.
extension AdminUI {
    func registerOperations(on socket: Socket) {
        socket.on("emit") { [self] arguments in
            guard arguments.count >= 3, let event = arguments[2].stringValue,
                let target = target(arguments[0], filter: arguments[1])
            else { return }
            target.emit(event, Array(arguments.dropFirst(3)))
        }
        socket.on("join") { [self] arguments in
            guard arguments.count >= 2, let room = arguments[1].stringValue,
                let target = target(arguments[0], filter: arguments.count > 2 ? arguments[2] : .null)
            else { return }
            target.socketsJoin(room)
        }
        socket.on("leave") { [self] arguments in
            guard arguments.count >= 2, let room = arguments[1].stringValue,
                let target = target(arguments[0], filter: arguments.count > 2 ? arguments[2] : .null)
            else { return }
            target.socketsLeave(room)
        }
        socket.on("_disconnect") { [self] arguments in
            guard arguments.count >= 2, let close = arguments[1].boolValue,
                let target = target(arguments[0], filter: arguments.count > 2 ? arguments[2] : .null)
            else { return }
            target.disconnectSockets(close: close)
        }
    }

    /// The sockets of namespace `name`, in room `filter` when it is a non-empty string.
    private func target(_ name: SocketIOValue, filter: SocketIOValue) -> BroadcastOperator? {
        guard let name = name.stringValue, let namespace = io.namespaces[name] else { return nil }
        if let room = filter.stringValue, !room.isEmpty { return namespace.in(room) }
        return namespace.broadcastOperator
    }
}
