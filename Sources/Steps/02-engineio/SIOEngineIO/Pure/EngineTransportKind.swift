// SPDX-License-Identifier: MIT

/// The Engine.IO transports this server knows, named as in the `transport` query parameter
/// (Engine.IO v4 spec, "Transports").
///
/// Within one session there is at most one transport of each kind (the current one, and during an upgrade the
/// probe), so the kind also names *which* transport an action is about: the session state machine says
/// "send on `.polling`", "close `.websocket`".
///
/// WebTransport is left out: it needs HTTP/3, and Node disables it by default.
public enum EngineTransportKind: String, Sendable, Hashable, CaseIterable {
    /// HTTP long-polling: a pending `GET` receives, a `POST` sends. Every session may start here.
    case polling
    /// One WebSocket connection; each packet is one WebSocket message. Arrives as an HTTP `Upgrade`.
    case websocket

    /// Whether this transport arrives as an HTTP `Upgrade` request rather than as plain HTTP requests.
    public var usesHTTPUpgrade: Bool { self == .websocket }

    /// The transports a session on this transport may upgrade to (engine.io `upgradesTo`).
    /// Polling upgrades to WebSocket; WebSocket is already the best transport.
    public var upgradesTo: [EngineTransportKind] {
        switch self {
        case .polling: [.websocket]
        case .websocket: []
        }
    }
}
