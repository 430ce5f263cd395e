// SPDX-License-Identifier: MIT

/// The settings of `AdminUI.instrument` (`@socket.io/admin-ui` `InstrumentOptions`, python-socketio
/// `InstrumentedAsyncServer`).
///
/// ```swift
/// var configuration = AdminUIConfiguration(authentication: .basic(username: "admin", password: secret))
/// configuration.readonly = true          // the UI may look, not act
/// AdminUI.instrument(io, configuration)
/// ```
public struct AdminUIConfiguration: Sendable {
    /// How the UI proves who it is. There is no default, as in Node (`auth` must be given or set to `false`).
    public enum Authentication: Sendable {
        /// Anyone who reaches the server may watch and act on it: for a development machine only.
        case disabled
        /// The UI's login form: `{"username","password"}` in the CONNECT auth payload. Node compares a bcrypt hash;
        /// this package has no bcrypt, so the password is kept as given and compared in constant time.
        case basic(username: String, password: String)
    }

    /// How much the UI is told (Node's `mode`).
    public enum Mode: String, Sendable {
        /// Every socket's connection, rooms, events and disconnection, as they happen, and the list of sockets
        /// when the UI connects (the feature `ALL_EVENTS`).
        case development
        /// Only the periodic `server_stats` (counts and aggregated traffic): no per-socket detail, for servers
        /// with many sockets.
        case production
    }

    /// The UI's namespace (Node's default `/admin`; the UI's login form asks for it).
    public var namespaceName = "/admin"
    /// Who may connect to `namespaceName`.
    public var authentication: Authentication
    /// When set, the UI may not make sockets join, leave, disconnect or receive events (no `EMIT`, `JOIN`,
    /// `LEAVE`, `DISCONNECT` features; the operations are ignored).
    public var readonly = false
    /// The name this server has in the UI's server list; `nil` for the host name. Give each loop or process of
    /// a cluster its own (the UI keeps one row per id).
    public var serverID: String?
    /// How much the UI is told.
    public var mode = Mode.development
    /// How often `server_stats` is sent (python-socketio's `server_stats_interval`; Node: 2 s).
    public var serverStatsInterval: Duration = .seconds(2)
    /// The session ids handed to UIs that logged in, so that a reloaded page reconnects without the password.
    /// Share one store between the loops of a process, so that a UI may reconnect to any of them.
    public var sessions = AdminUISessions()
    /// Failed logins allowed per client address (10 a minute by default), shared by the loops like `sessions`.
    public var loginThrottle = AdminUILoginThrottle()

    /// The defaults (`/admin`, development mode, stats every 2 s, not read-only) with `authentication`.
    public init(authentication: Authentication) {
        self.authentication = authentication
    }
}
