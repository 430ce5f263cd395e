// SPDX-License-Identifier: MIT

import Foundation
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
        let nsp = SocketIOValue.string(watched.name), isAdmin = watched === namespace
        watched.onConnection { [self] socket in
            let id = SocketIOValue.string(socket.id), transport = socket.conn.transportName
            socket.data[AdminUISerialization.dataKey] = AdminUISerialization.adminData(
                sessionID: socket.conn.id.rawValue, transport: transport)
            if transport == "polling" { pollingSockets[socket.id] = socket }
            namespace.emit("socket_connected", describe(socket), now)
            if !isAdmin {
                socket.onAny { [self] event, arguments in
                    namespace.emit("event_received", nsp, id, .array([.string(event)] + arguments), now)
                }
                socket.onAnyOutgoing { [self] event, arguments in
                    namespace.emit("event_sent", nsp, id, .array([.string(event)] + arguments), now)
                }
            }
            socket.onDisconnect { [self] reason in
                pollingSockets[socket.id] = nil
                namespace.emit("socket_disconnected", nsp, id, .string(reason.rawValue), now)
            }
        }
        guard !isAdmin else { return }
        watched.adapter.on(.joinRoom) { [self] room, id in
            namespace.emit("room_joined", nsp, .string(room), .string(id), now)
        }
        watched.adapter.on(.leaveRoom) { [self] room, id in
            namespace.emit("room_left", nsp, .string(room), .string(id), now)
        }
    }

    /// This moment, as the UI's events carry it (JavaScript's JSON for a `Date`).
    private var now: SocketIOValue { AdminUISerialization.timestamp(Date()) }

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
            let update: SocketIOValue = [
                "id": .string(id), "nsp": .string(socket.namespace.name), "transport": .string(transport),
            ]
            namespace.emit("socket_updated", update)
        }
    }
}
