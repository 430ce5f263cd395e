// SPDX-License-Identifier: MIT

/// What an `EngineServer` has seen so far, for an application's metrics: sessions opened and closed (by
/// the official close reason), upgrades, and refused requests (by the official error code).
///
/// Plain integers, incremented on the loop thread: a counter costs an addition, no lock, no allocation
/// (the close-reason table has at most six keys and stops growing after the first of each). The engine does
/// not know any metrics format; the application reads these on the loop and renders them.
///
/// The number of open sessions per transport is not counted here: it is `sessions`, grouped by
/// `transportName`, read when someone asks.
///
/// ```swift
/// let stats = engine.statistics
/// stats.requestErrors(code: 1)        // polls for a session this server does not know (e.g. after a restart)
/// stats.closes[.pingTimeout]          // clients that went silent
/// stats.writeBufferOverflows          // polling clients that stopped taking what was sent to them
/// ```
public struct EngineStatistics: Sendable, Equatable {
    /// Sessions opened (successful handshakes) since the server started.
    public internal(set) var sessionsOpened = 0
    /// Sessions closed, by the reason the engine reported to its delegate.
    public internal(set) var closes: [EngineCloseReason: Int] = [:]
    /// Completed upgrades (polling to WebSocket, spec "Upgrade").
    public internal(set) var upgrades = 0
    /// Sessions closed because more waited for the client than `EngineConfiguration.maxBufferedPackets` or
    /// `maxBufferedBytes` allow (a polling client that stopped polling); also counted in `closes[.transportError]`.
    public internal(set) var writeBufferOverflows = 0
    /// Requests refused with one of the official errors, indexed by `EngineError.code` (0 to 5): bad handshakes, and
    /// also polls for a session id the server does not know. Counted from the `connection_error` reports themselves
    /// (`EngineServer.onConnectionError`), so the counters and a log of that event always agree.
    public internal(set) var requestErrors = [Int](repeating: 0, count: 6)

    /// All counters at zero.
    public init() {}

    /// How many requests were refused with error `code` (0 to 5); 0 for any other code.
    public func requestErrors(code: Int) -> Int {
        requestErrors.indices.contains(code) ? requestErrors[code] : 0
    }

    mutating func record(_ error: EngineError) {
        if requestErrors.indices.contains(error.code) { requestErrors[error.code] += 1 }
    }

    mutating func record(_ reason: EngineCloseReason) {
        closes[reason, default: 0] += 1
    }
}
