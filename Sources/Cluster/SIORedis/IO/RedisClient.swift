// SPDX-License-Identifier: MIT

import SIOHTTP

/// Sends commands to Redis on the event loop and hands each reply to its command's callback.
///
/// **Pipelining.** A command is written as soon as it is sent, without waiting for the previous reply: Redis
/// answers in order, so the client keeps the callbacks in a FIFO queue and gives each reply to the oldest
/// one. Ten `PUBLISH`es issued while the loop handles one batch of sockets leave in one `writev` (see
/// `Connection.write`) and cost one round trip, not ten.
///
/// ```swift
/// let redis = RedisClient(endpoint: try RedisEndpoint(url: "redis://127.0.0.1:6380"), loop: loop)
/// redis.start()
/// redis.send("PUBSUB", "NUMSUB", "socket.io-request#/#") { result in print(result) }   // [channel, 2]
/// redis.publish("news", payload: Array("hi".utf8))
/// ```
///
/// **While Redis is away** commands fail at once with `.notConnected` instead of waiting in a queue: a
/// broadcast that reaches the other servers a minute late is worse than one that does not (their clients
/// have moved on), and a queue would grow without bound during an outage. Commands already written when the
/// connection drops fail with `.connectionLost`: Redis may or may not have run them.
///
/// Call `close()` when done: the loop holds an open connection (and its reconnection timer), so a client that
/// is merely forgotten keeps its connection.
package final class RedisClient {
    package let connection: RedisConnection
    /// Callbacks of the commands written and not yet answered, oldest first (from `head`).
    private var pending: [(Result<RESPValue, RedisError>) -> Void] = []
    private var head = 0

    package init(
        endpoint: RedisEndpoint, loop: EventLoop, role: String = "publisher", backoff: ReconnectBackoff = ReconnectBackoff()
    ) {
        connection = RedisConnection(endpoint: endpoint, loop: loop, role: role, backoff: backoff)
        connection.onValue = { [weak self] reply in self?.answer(reply) }
        connection.onDown = { [weak self] _ in self?.failPending() }
    }

    package var isConnected: Bool { connection.state == .connected }

    package func start() { connection.start() }

    package func close() { connection.close() }

    /// Sends a command whose arguments are text.
    package func send(_ arguments: String..., completion: ((Result<RESPValue, RedisError>) -> Void)? = nil) {
        send(command: RESPEncoder.command(arguments.map { Array($0.utf8) }), completion: completion)
    }

    /// `PUBLISH channel payload`; the reply is how many subscribers received it.
    package func publish(_ channel: String, payload: [UInt8], completion: ((Result<RESPValue, RedisError>) -> Void)? = nil) {
        send(command: RESPEncoder.command([Array("PUBLISH".utf8), Array(channel.utf8), payload]), completion: completion)
    }

    /// Sends an encoded command. An error reply (`-ERR ...`) arrives as `.failure(.server(message))`.
    package func send(command: [UInt8], completion: ((Result<RESPValue, RedisError>) -> Void)?) {
        guard isConnected else {
            completion?(.failure(.notConnected))
            return
        }
        pending.append { result in completion?(result) }
        connection.write(command)
    }

    private func answer(_ reply: RESPValue) {
        guard head < pending.count else { return }
        let callback = pending[head]
        head += 1
        if head == pending.count {
            pending.removeAll(keepingCapacity: pending.count <= 64)
            head = 0
        }
        if case .error(let message) = reply {
            callback(.failure(.server(message)))
        } else {
            callback(.success(reply))
        }
    }

    private func failPending() {
        let callbacks = pending[head...]
        pending = []
        head = 0
        for callback in callbacks { callback(.failure(.connectionLost)) }
    }
}
