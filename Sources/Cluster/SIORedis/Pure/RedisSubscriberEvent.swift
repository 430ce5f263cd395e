// SPDX-License-Identifier: MIT

/// What a connection in subscribe mode receives (redis.io/docs/interact/pubsub, "Format of pushed messages").
///
/// After `SUBSCRIBE` or `PSUBSCRIBE`, a RESP2 connection stops answering request/response style: Redis pushes
/// three- or four-element arrays whose first element names the kind.
///
/// ```text
/// *3 $9 subscribe   $14 socket.io-request#/#  :1      confirmation: now in 1 subscription
/// *3 $7 message     $14 socket.io-request#/#  $47 {…}  a message on a channel
/// *4 $8 pmessage    $12 socket.io#/#*  $17 socket.io#/#lobby#  $30 <msgpack>   matched by a pattern
/// ```
///
/// Each confirmation carries the connection's total subscription count, which is how a client knows that all
/// of its subscriptions are in place again after a reconnection.
package enum RedisSubscriberEvent: Sendable, Hashable {
    /// A message published to a channel this connection subscribed to.
    case message(channel: String, payload: [UInt8])
    /// A message published to a channel that matched a pattern this connection subscribed to.
    case patternMessage(pattern: String, channel: String, payload: [UInt8])
    /// A `subscribe`/`psubscribe`/`unsubscribe`/`punsubscribe` confirmation with the new subscription count.
    case confirmation(kind: String, channel: String, count: Int)
    /// The answer to `PING` in subscribe mode: `["pong", ""]`.
    case pong

    /// Reads a pushed array; `nil` for anything else (which a subscriber connection should never receive).
    package init?(_ value: RESPValue) {
        guard let elements = value.arrayValue, let kind = elements.first?.stringValue?.lowercased() else { return nil }
        switch (kind, elements.count) {
        case ("message", 3):
            guard let channel = elements[1].stringValue, let payload = elements[2].bytesValue else { return nil }
            self = .message(channel: channel, payload: payload)
        case ("pmessage", 4):
            guard let pattern = elements[1].stringValue, let channel = elements[2].stringValue,
                let payload = elements[3].bytesValue
            else { return nil }
            self = .patternMessage(pattern: pattern, channel: channel, payload: payload)
        case ("subscribe", 3), ("psubscribe", 3), ("unsubscribe", 3), ("punsubscribe", 3):
            guard let count = elements[2].intValue else { return nil }
            self = .confirmation(kind: kind, channel: elements[1].stringValue ?? "", count: count)
        case ("pong", _):
            self = .pong
        default:
            return nil
        }
    }
}
