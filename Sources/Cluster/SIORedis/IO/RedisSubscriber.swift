// SPDX-License-Identifier: MIT

import SIOHTTP

/// The pub/sub side of Redis: a second connection that only subscribes and receives.
///
/// Why a second connection? Once a RESP2 connection has sent `SUBSCRIBE`, Redis accepts nothing on it but
/// (un)subscribe commands and `PING`, and pushes messages at any time; replies to ordinary commands could not
/// be told apart from pushed messages. So the adapter publishes on a `RedisClient` and listens here, like every
/// Redis adapter (Node's takes a `pubClient` and a `subClient`).
///
/// The subscriber remembers what it is subscribed to. Redis forgets a connection's subscriptions when the
/// connection ends, so after every reconnection the subscriber sends them all again, one `SUBSCRIBE` and one
/// `PSUBSCRIBE` with every name, and counts the confirmations: when the last one arrives it is `isSubscribed`
/// again and logs `resubscribed to 3 channels and 1 pattern`. Messages published while it was away are lost;
/// that is what pub/sub promises.
///
/// ```swift
/// let subscriber = RedisSubscriber(endpoint: endpoint, loop: loop)
/// subscriber.subscribe("socket.io-request#/#") { channel, payload in ... }
/// subscriber.psubscribe("socket.io#/#*") { pattern, channel, payload in ... }
/// subscriber.start()
/// ```
package final class RedisSubscriber {
    package typealias MessageHandler = (_ channel: String, _ payload: [UInt8]) -> Void
    package typealias PatternHandler = (_ pattern: String, _ channel: String, _ payload: [UInt8]) -> Void

    package let connection: RedisConnection
    private var channels: [String: MessageHandler] = [:]
    private var patterns: [String: PatternHandler] = [:]
    /// Confirmations still expected before every subscription is in place on this connection.
    private var awaitedConfirmations = 0
    /// Every subscription is active on the current connection.
    package private(set) var isSubscribed = false
    /// Told when every subscription is active again after (re)connecting.
    var onSubscribed: (() -> Void)?
    /// Told of every message, for statistics.
    var onMessage: (() -> Void)?

    package init(
        endpoint: RedisEndpoint, loop: EventLoop, role: String = "subscriber", backoff: ReconnectBackoff = ReconnectBackoff()
    ) {
        connection = RedisConnection(endpoint: endpoint, loop: loop, role: role, backoff: backoff)
        connection.onReady = { [weak self] in self?.resubscribe() }
        connection.onValue = { [weak self] value in self?.receive(value) }
        connection.onDown = { [weak self] _ in self?.isSubscribed = false }
    }

    package func start() { connection.start() }

    package func close() { connection.close() }

    /// Receives the messages of `channel` from now on (and after every reconnection).
    package func subscribe(_ channel: String, _ handler: @escaping MessageHandler) {
        channels[channel] = handler
        send("SUBSCRIBE", [channel])
    }

    /// Receives the messages of every channel matching the glob `pattern` (`*`, `?`, `[...]`).
    package func psubscribe(_ pattern: String, _ handler: @escaping PatternHandler) {
        patterns[pattern] = handler
        send("PSUBSCRIBE", [pattern])
    }

    package func unsubscribe(_ channel: String) {
        guard channels.removeValue(forKey: channel) != nil else { return }
        send("UNSUBSCRIBE", [channel])
    }

    package func punsubscribe(_ pattern: String) {
        guard patterns.removeValue(forKey: pattern) != nil else { return }
        send("PUNSUBSCRIBE", [pattern])
    }

    /// Subscribes to everything again on a fresh connection.
    private func resubscribe() {
        isSubscribed = false
        awaitedConfirmations = 0
        send("SUBSCRIBE", channels.keys.sorted())
        send("PSUBSCRIBE", patterns.keys.sorted())
        if awaitedConfirmations == 0 { subscribed() }
    }

    private func send(_ command: String, _ names: [String]) {
        guard connection.state == .connected, !names.isEmpty else { return }
        if command.hasSuffix("SUBSCRIBE"), !command.hasSuffix("UNSUBSCRIBE") { awaitedConfirmations += names.count }
        connection.write(RESPEncoder.command([Array(command.utf8)] + names.map { Array($0.utf8) }))
    }

    private func receive(_ value: RESPValue) {
        if case .error(let message) = value {
            // A refused SUBSCRIBE (`NOAUTH`, an ACL): the subscriptions will not be in place.
            connection.log?(.error, "redis \(connection.role): \(message)")
            return
        }
        switch RedisSubscriberEvent(value) {
        case .message(let channel, let payload):
            onMessage?()
            channels[channel]?(channel, payload)
        case .patternMessage(let pattern, let channel, let payload):
            onMessage?()
            patterns[pattern]?(pattern, channel, payload)
        case .confirmation(let kind, _, _) where kind == "subscribe" || kind == "psubscribe":
            guard awaitedConfirmations > 0 else { return }
            awaitedConfirmations -= 1
            if awaitedConfirmations == 0, !isSubscribed { subscribed() }
        case .confirmation, .pong, nil:
            break
        }
    }

    private func subscribed() {
        isSubscribed = true
        func count(_ number: Int, _ noun: String) -> String { "\(number) \(noun)\(number == 1 ? "" : "s")" }
        let subscriptions = "\(count(channels.count, "channel")) and \(count(patterns.count, "pattern"))"
        connection.log?(.info, "redis \(connection.role): subscribed to \(subscriptions)")
        onSubscribed?()
    }
}
