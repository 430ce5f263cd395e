// SPDX-License-Identifier: MIT

import SIORedis

/// The Redis adapter's counters on `/metrics` (with `--redis`), next to `sio_adapter_connected`, which says
/// whether the link is up right now. After an outage they tell what it cost: how many broadcasts did not
/// reach the other processes (`redis_publishes_dropped_total`) and how often the link came back.
enum RedisMetrics {
    static func register(on metrics: MetricsRegistry, redis: RedisAdapterFactory) {
        let counters: [(String, String, (RedisAdapterStatistics) -> Int)] = [
            ("redis_connection_losses_total", "Times the link to Redis went down.", \.connectionLosses),
            ("redis_reconnections_total", "Times the link to Redis came back after a loss.", \.reconnections),
            ("redis_messages_published_total", "Broadcasts, requests and responses published to Redis.", \.messagesPublished),
            (
                "redis_publishes_dropped_total", "Publications skipped while Redis was unreachable (local delivery went on).",
                \.publishesDropped
            ),
            ("redis_messages_received_total", "Messages received from Redis subscriptions.", \.messagesReceived),
            ("redis_malformed_messages_total", "Messages from Redis that could not be decoded.", \.malformedMessages),
            ("redis_requests_timed_out_total", "Requests to the other processes that timed out.", \.requestsTimedOut),
        ]
        for (name, help, value) in counters {
            metrics.counter(name, help: help) { value(redis.statistics) }
        }
    }
}
