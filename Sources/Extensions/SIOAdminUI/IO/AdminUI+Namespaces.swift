// SPDX-License-Identifier: MIT

import SIOServer

/// Development mode: what happens to every socket of every namespace, as it happens (`@socket.io/admin-ui`
/// `registerVerboseListeners`).
extension AdminUI {
    /// Reports the sockets of `watched`: connections, upgrades, events in and out, disconnections, and its
    /// adapter's `join-room` / `leave-room`.
    ///
    /// The UI's own namespace is watched too, as in Node, except its events (they are the UI's own traffic) and
    /// its rooms: an admin socket joins its own room before its CONNECT reply is written, and a `room_joined` sent
    /// to it then would reach the client before it is connected.
    func watch(_ watched: Namespace) {
        let name = watched.name, isAdmin = watched === namespace
        watched.onConnection { [self] socket in
            let transport = socket.conn.transportName
            socket.data[AdminUISerialization.dataKey] = AdminUISerialization.adminData(
                sessionID: socket.conn.id.rawValue, transport: transport)
            if transport == "polling" { pollingSockets[socket.id] = socket }
            namespace.emit("socket_connected", describe(socket), AdminUISerialization.timestamp())
            if !isAdmin {
                socket.onAny { [self] event, arguments in
                    namespace.emit("event_received", .string(name), .string(socket.id), .array([.string(event)] + arguments),
                        AdminUISerialization.timestamp())
                }
                socket.onAnyOutgoing { [self] event, arguments in
                    namespace.emit("event_sent", .string(name), .string(socket.id), .array([.string(event)] + arguments),
                        AdminUISerialization.timestamp())
                }
            }
            socket.onDisconnect { [self] reason in
                pollingSockets[socket.id] = nil
                namespace.emit("socket_disconnected", .string(name), .string(socket.id), .string(reason.rawValue),
                    AdminUISerialization.timestamp())
            }
        }
        guard !isAdmin else { return }
        watched.adapter.on(.joinRoom) { [self] room, id in
            namespace.emit("room_joined", .string(name), .string(room), .string(id), AdminUISerialization.timestamp())
        }
        watched.adapter.on(.leaveRoom) { [self] room, id in
            namespace.emit("room_left", .string(name), .string(room), .string(id), AdminUISerialization.timestamp())
        }
    }

    /// The serialized socket, as `socket_connected` and `all_sockets` carry it.
    func describe(_ socket: Socket) -> SocketIOValue {
        AdminUISerialization.socket(socket.details, namespace: socket.namespace.name, path: io.configuration.engine.path)
    }

    /// `socket_updated` `{"id","nsp","transport"}` for each polling socket that has upgraded since the last stats
    /// (Node listens to the engine's `upgrade` event; python-socketio checks every 5 s, as this does at each tick).
    func reportUpgrades() {
        for (id, socket) in pollingSockets where socket.conn.transportName != "polling" {
            pollingSockets[id] = nil
            let transport = socket.conn.transportName
            socket.data[AdminUISerialization.dataKey] = AdminUISerialization.adminData(
                sessionID: socket.conn.id.rawValue, transport: transport)
            namespace.emit("socket_updated", ["id": .string(id), "nsp": .string(socket.namespace.name), "transport": .string(transport)])
        }
    }
}
