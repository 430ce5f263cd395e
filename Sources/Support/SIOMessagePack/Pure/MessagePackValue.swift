// SPDX-License-Identifier: MIT

/// One MessagePack value (github.com/msgpack/msgpack/blob/master/spec.md, "Type system").
///
/// The official Redis adapter and `socket.io-msgpack-parser` both encode with `notepack.io`, a MessagePack library,
/// because MessagePack has a `bin` type: a Buffer inside an event's arguments travels as raw bytes instead of being
/// base64-encoded into JSON. This module is their codec here (SIORedis and SIOMsgpackParser use it); it knows
/// nothing of Socket.IO. This enum is the spec's type system, one case per type:
///
/// | MessagePack         | here              | JavaScript (notepack)          |
/// |---------------------|-------------------|--------------------------------|
/// | nil                 | `.nil`            | `null` (and `undefined`)       |
/// | bool                | `.bool`           | `true` / `false`               |
/// | int (any width)     | `.int` / `.uint`  | an integral `number`           |
/// | float 32 / float 64 | `.float`          | a non-integral `number`        |
/// | str                 | `.string`         | `string`                       |
/// | bin                 | `.binary`         | `Buffer`                       |
/// | array               | `.array`          | `Array`                        |
/// | map                 | `.map`            | an object                      |
/// | ext                 | `.extension`      | `Date` for the timestamp type -1 |
///
/// Integers are values, not formats: `.int(1)` is written `01` whatever width it was read from, and the
/// encoder picks the smallest format, as notepack does. `.uint` holds only values above `Int64.max`.
/// Maps keep their pairs in order (a JavaScript object's keys have an order, and tests compare bytes).
package enum MessagePackValue: Sendable, Hashable {
    case `nil`
    case bool(Bool)
    case int(Int64)
    case uint(UInt64)
    case float(Double)
    case string(String)
    case binary([UInt8])
    case array([MessagePackValue])
    case map([MessagePackPair])
    case `extension`(type: Int8, data: [UInt8])

    /// A map whose keys are strings: what every JavaScript object becomes.
    package static func object(_ pairs: KeyValuePairs<String, MessagePackValue>) -> MessagePackValue {
        .map(pairs.map { MessagePackPair(key: .string($0.key), value: $0.value) })
    }

    /// The value for a string key of a map (the first one, if a sender repeated it).
    package subscript(key: String) -> MessagePackValue? {
        guard case .map(let pairs) = self else { return nil }
        return pairs.first { $0.key == .string(key) }?.value
    }

    package var stringValue: String? {
        guard case .string(let text) = self else { return nil }
        return text
    }

    package var arrayValue: [MessagePackValue]? {
        guard case .array(let elements) = self else { return nil }
        return elements
    }
}

/// One key and value of a MessagePack map.
package struct MessagePackPair: Sendable, Hashable {
    package var key: MessagePackValue
    package var value: MessagePackValue

    package init(key: MessagePackValue, value: MessagePackValue) {
        self.key = key
        self.value = value
    }
}
