// SPDX-License-Identifier: MIT

/// What an `HTTPServer` has done with connections so far: counts an application can export as metrics
/// (ChatDemo serves them at `/metrics`).
///
/// The server keeps plain integers and increments them on its loop thread, so counting costs one addition
/// and needs no lock; whoever reads them (a `/metrics` handler) reads on the same loop. The HTTP layer does
/// not know what a metrics format is: turning these numbers into Prometheus text is the application's job.
///
/// ```swift
/// let stats = http.statistics
/// print(stats.acceptedConnections, stats.refusedConnections, stats.openConnections)
/// ```
public struct HTTPServerStatistics: Sendable, Equatable {
    /// TCP connections accepted and handed to the server since it started.
    public internal(set) var acceptedConnections = 0
    /// Connections closed right after `accept` because `maxConnections` were already open, or because the
    /// process ran out of file descriptors (see `Listener`).
    public internal(set) var refusedConnections = 0
    /// TCP connections open now, including those taken over by an upgrade (WebSockets) that the server no
    /// longer routes (`connectionCount` counts only the HTTP ones).
    public internal(set) var openConnections = 0
    /// Connections closed because the peer did not read what it was sent: the write queue stayed over the
    /// high-water mark, or a closing connection's last bytes stayed unsent, for `slowReaderTimeout`
    /// (`ConnectionLimits`). Upgraded connections (WebSockets) count here too.
    public internal(set) var slowReaderDisconnects = 0
    /// Connections closed at once because their write queue passed `maxQueuedBytes` (`ConnectionLimits`).
    public internal(set) var overflowDisconnects = 0

    /// All counters at zero.
    public init() {}
}
