// SPDX-License-Identifier: MIT

/// Why a socket left its namespace: the strings Node passes to the `disconnecting` and `disconnect` events
/// (socket.io `lib/socket-types.ts`, `DisconnectReason`).
///
/// The first five come from Engine.IO (the whole connection ended); the last four are Socket.IO's own.
///
/// ```swift
/// socket.onDisconnect { reason in
///     if reason == .clientNamespaceDisconnect { print("left on purpose") }
///     print(reason)    // "client namespace disconnect"
/// }
/// ```
public enum DisconnectReason: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// The transport failed: an overlapping long-poll, a dropped `GET`, a WebSocket error.
    case transportError = "transport error"
    /// The client closed the connection (a polling `1`, a WebSocket close, a closed browser tab).
    case transportClose = "transport close"
    /// The server closed the Engine.IO connection, for example after a packet it could not decode.
    case forcedClose = "forced close"
    /// The client stopped answering pings.
    case pingTimeout = "ping timeout"
    /// The client sent an Engine.IO packet that could not be decoded.
    case parseError = "parse error"
    /// The server is closing (`io.close()`, or the HTTP server shutting down).
    case serverShuttingDown = "server shutting down"
    /// The server closed the whole connection: `socket.disconnect(close: true)` or the `connectTimeout` expired.
    case forcedServerClose = "forced server close"
    /// The client left the namespace (it sent `41`, e.g. `socket.disconnect()` in the browser).
    case clientNamespaceDisconnect = "client namespace disconnect"
    /// The server removed the socket from the namespace with `socket.disconnect()`; the client got `41`.
    case serverNamespaceDisconnect = "server namespace disconnect"

    /// The official string, e.g. `transport close`.
    public var description: String { rawValue }
}
