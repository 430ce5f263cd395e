// SPDX-License-Identifier: MIT

/// Why an Engine.IO session ended, as the strings Node passes to the `close` event
/// (engine.io `socket.ts`, `onClose` and its callers). Socket.IO forwards them as disconnect reasons.
///
/// ```swift
/// EngineCloseReason.pingTimeout.description   // "ping timeout"
/// ```
public enum EngineCloseReason: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// The client closed the transport: a polling client POSTed `1`, or the WebSocket connection closed.
    case transportClose = "transport close"
    /// The transport failed: an overlapping `GET`, a dropped long-poll, a WebSocket error, or a client ping
    /// (in v4 only the server pings: Node calls it "invalid heartbeat direction").
    case transportError = "transport error"
    /// No pong arrived within `pingTimeout` after a ping.
    case pingTimeout = "ping timeout"
    /// The client sent a packet that could not be decoded.
    case parseError = "parse error"
    /// The server closed the session (`close()`), after flushing what was queued.
    case forcedClose = "forced close"
    /// Listed in the `onClose` documentation of `socket.ts`. Node's engine itself never emits it (a server shutting
    /// down closes its sessions with `forced close`); it is here for a server that wants to say why.
    case serverClose = "server close"

    /// The official string, e.g. `transport close`.
    public var description: String { rawValue }
}
