// SPDX-License-Identifier: MIT

/// What the Redis adapter has done since the process started, for an application's metrics and health check.
///
/// Plain counters, updated on the loop. `connected` is the one to alert on: while it is false, broadcasts
/// reach this server's clients only (they are counted in `publishesDropped`), and the cluster is split.
///
/// ```swift
/// let stats = redis.statistics
/// print(stats.connected, stats.connectionLosses, stats.publishesDropped)
/// ```
public struct RedisAdapterStatistics: Sendable, Hashable {
    /// Both connections (commands and subscriptions) are up and every subscription is in place.
    public internal(set) var connected = false
    /// Times the cluster link went from connected to disconnected.
    public internal(set) var connectionLosses = 0
    /// Times it came back after a loss.
    public internal(set) var reconnections = 0
    /// Broadcasts, requests and responses published.
    public internal(set) var messagesPublished = 0
    /// Publications not sent because Redis was unreachable (local delivery happened all the same).
    public internal(set) var publishesDropped = 0
    /// Messages received on the subscriptions (including those ignored: our own, other rooms).
    public internal(set) var messagesReceived = 0
    /// Messages that could not be decoded, and were ignored.
    public internal(set) var malformedMessages = 0
    /// Requests (fetch, server-side emit with an ack) that ended at `requestsTimeout` without every answer.
    public internal(set) var requestsTimedOut = 0

    /// All counters at zero.
    public init() {}
}
