// SPDX-License-Identifier: MIT

/// The Redis adapter's settings, with `@socket.io/redis-adapter` 8's names and defaults (`RedisAdapterOptions`),
/// plus the reconnection backoff.
///
/// ```swift
/// var options = RedisAdapterOptions()
/// options.key = "chat"                       // channels chat#/#, chat-request#/#, ... (share with Node: same key)
/// options.requestsTimeout = .seconds(2)      // fetchClusterSockets / serverSideEmit wait at most 2 s
/// ```
public struct RedisAdapterOptions: Sendable {
    /// The channel prefix. Servers share rooms only when they use the same key (and the same Redis).
    public var key = "socket.io"
    /// How long a request to the other servers (fetch, server-side emit with an ack) waits for their answers.
    public var requestsTimeout: Duration = .seconds(5)
    /// Answer a request on the requester's own channel (`socket.io-response#/#<uid>#`) instead of the shared
    /// one, so that servers do not read each other's answers. Node's default is `false`; every server of a
    /// cluster listens on both, so either value interoperates.
    public var publishOnSpecificResponseChannel = false
    /// Waits between reconnection attempts when Redis is unreachable (100 ms doubling to 5 s, with jitter);
    /// set by tests, which need it faster.
    package var backoff = ReconnectBackoff()

    /// The defaults of `@socket.io/redis-adapter`: key `socket.io`, 5 s requests.
    public init() {}
}
