// SPDX-License-Identifier: MIT

import SIOHTTP
import SIOServer

/// Connects a server to Redis and makes a `RedisAdapter` for each of its namespaces (Node:
/// `createAdapter(pubClient, subClient, opts)` from `@socket.io/redis-adapter`).
///
/// It owns the two connections every namespace shares: a `RedisClient` that publishes and a `RedisSubscriber`
/// that listens. Start several processes with the same Redis and they behave as one server: a broadcast on
/// one reaches the matching clients of all, and `fetchClusterSockets`, `socketsJoin`, `serverSideEmit`... reach
/// every process (see `ClusterAdapter`). Node servers with `@socket.io/redis-adapter` can join the same
/// cluster: channels and encodings are the same.
///
/// ```swift
/// let redis = RedisAdapterFactory(endpoint: try RedisEndpoint(url: "redis://127.0.0.1:6379"), loop: loop)
/// redis.log = { level, line in print(line) }
/// let io = Server(http: http, redis: redis)
/// ```
///
/// **When Redis goes away** the server carries on alone: broadcasts still reach this process's clients, and
/// only the copies for the other processes are dropped (`statistics.publishesDropped`). The connections retry
/// with backoff, subscribe again once back, and the log says `redis: cluster link down` and `... restored`.
///
/// Create it, and use it, on the server's loop (or before the loop runs).
public final class RedisAdapterFactory {
    /// Where Redis is.
    public let endpoint: RedisEndpoint
    /// Channel prefix, request timeout and reconnection backoff.
    public let options: RedisAdapterOptions
    /// The server's loop, which both connections and every adapter live on.
    public let loop: EventLoop
    package let publisher: RedisClient
    package let subscriber: RedisSubscriber
    /// Receives every log line (connections, losses, malformed messages). Set it before the loop runs to see
    /// the first connection.
    public var log: ((RedisLogLevel, String) -> Void)?
    /// Called with `true` when the cluster link comes up, `false` when it goes down.
    public var onConnectionChange: ((Bool) -> Void)?
    /// Counts for metrics (published, received, dropped while Redis was away); read on the loop.
    public internal(set) var statistics = RedisAdapterStatistics()
    /// Set by `close()`: the link going down is then intended, and not reported as a loss.
    private var isClosed = false
    /// The last error Redis answered a `PUBLISH` with, logged once.
    private var lastPublishError: String?

    /// Starts both connections to `endpoint` (they retry by themselves). Call on `loop`, or before it runs.
    public init(endpoint: RedisEndpoint, options: RedisAdapterOptions = RedisAdapterOptions(), loop: EventLoop) {
        // A threading mistake in the program, not input.
        precondition(loop.inEventLoop, "create the RedisAdapterFactory on its loop")
        self.endpoint = endpoint
        self.options = options
        self.loop = loop
        publisher = RedisClient(endpoint: endpoint, loop: loop, backoff: options.backoff)
        subscriber = RedisSubscriber(endpoint: endpoint, loop: loop, backoff: options.backoff)
        for connection in [publisher.connection, subscriber.connection] {
            connection.log = { [weak self] level, line in self?.log?(level, line) }
            connection.onStateChange = { [weak self] _ in self?.updateConnected() }
        }
        subscriber.onSubscribed = { [weak self] in self?.updateConnected() }
        subscriber.onMessage = { [weak self] in self?.statistics.messagesReceived += 1 }
        publisher.start()
        subscriber.start()
    }

    /// For `Server(http:configuration:adapter:)`: the adapter of `namespace`.
    public func makeAdapter(_ namespace: Namespace) -> any Adapter {
        RedisAdapter(namespace: namespace, factory: self)
    }

    /// Closes both connections for good (at shutdown).
    public func close() {
        isClosed = true
        publisher.close()
        subscriber.close()
    }

    /// Publishes `payload`, or counts it as dropped while Redis is unreachable; returns whether it was sent.
    @discardableResult
    func publish(_ channel: String, _ payload: [UInt8]) -> Bool {
        guard publisher.isConnected else {
            statistics.publishesDropped += 1
            return false
        }
        statistics.messagesPublished += 1
        publisher.publish(channel, payload: payload) { [weak self] result in
            // Redis refusing PUBLISH (`NOAUTH`, an ACL, out of memory) is a configuration problem: say so, once
            // per distinct message rather than once per broadcast.
            guard let self, case .failure(.server(let message)) = result, message != lastPublishError else { return }
            lastPublishError = message
            log?(.error, "redis publisher: PUBLISH refused: \(message)")
        }
        return true
    }

    /// `connected` means: commands can be sent *and* every subscription is in place.
    private func updateConnected() {
        let connected = publisher.isConnected && subscriber.isSubscribed
        guard connected != statistics.connected, !isClosed else { return }
        statistics.connected = connected
        if connected {
            if statistics.connectionLosses > 0 {
                statistics.reconnections += 1
                log?(.info, "redis: cluster link restored; broadcasts reach the other servers again")
            }
        } else {
            statistics.connectionLosses += 1
            log?(.warning, "redis: cluster link down; broadcasts reach this server's clients only until it is back")
        }
        onConnectionChange?(connected)
    }
}

extension Server {
    /// A server whose namespaces share their rooms and broadcasts with other servers through Redis.
    ///
    /// Like every namespace, the main one makes its adapter when it is created, so that this server counts as a
    /// member of the cluster (`PUBSUB NUMSUB`) and receives server-side events before its first client connects.
    public convenience init(
        http: HTTPServer, configuration: ServerConfiguration = ServerConfiguration(), redis: RedisAdapterFactory
    ) {
        self.init(http: http, configuration: configuration, adapter: redis.makeAdapter)
    }
}
