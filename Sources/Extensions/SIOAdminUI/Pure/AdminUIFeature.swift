// SPDX-License-Identifier: MIT

/// What the UI may offer, sent in the `config` event (`@socket.io/admin-ui` `typed-events.ts` `Feature`).
public enum AdminUIFeature: String, Sendable, CaseIterable {
    /// The UI may emit an event to a namespace or room (`emit`).
    case emit = "EMIT"
    /// The UI may make sockets join a room (`join`).
    case join = "JOIN"
    /// The UI may make sockets leave a room (`leave`).
    case leave = "LEAVE"
    /// The UI may disconnect sockets (`_disconnect`).
    case disconnect = "DISCONNECT"
    /// `join` for every socket of a namespace or room at once (Socket.IO v4 `socketsJoin`).
    case multipleJoin = "MJOIN"
    /// `leave` for many sockets at once (`socketsLeave`).
    case multipleLeave = "MLEAVE"
    /// `_disconnect` for many sockets at once (`disconnectSockets`).
    case multipleDisconnect = "MDISCONNECT"
    /// `server_stats` carries `aggregatedEvents` (connections, packets and bytes per second).
    case aggregatedEvents = "AGGREGATED_EVENTS"
    /// The per-socket events (`socket_connected`, `room_joined`, `event_received`, ...): development mode.
    case allEvents = "ALL_EVENTS"

    /// The features a server with `configuration` supports, in Node's order.
    public static func supported(by configuration: AdminUIConfiguration) -> [AdminUIFeature] {
        let operations: [AdminUIFeature] = [
            .emit, .join, .leave, .disconnect, .multipleJoin, .multipleLeave, .multipleDisconnect,
        ]
        var features = configuration.readonly ? [] : operations
        features.append(.aggregatedEvents)
        if configuration.mode == .development { features.append(.allEvents) }
        return features
    }
}
