// SPDX-License-Identifier: MIT

/// One value of RESP2, the Redis serialization protocol (redis.io/docs/reference/protocol-spec).
///
/// Every reply Redis sends is one of these, announced by its first byte:
///
/// | first byte | type          | example on the wire             | here                          |
/// |------------|---------------|---------------------------------|-------------------------------|
/// | `+`        | simple string | `+OK\r\n`                       | `.simpleString("OK")`         |
/// | `-`        | error         | `-ERR unknown command\r\n`      | `.error("ERR unknown command")` |
/// | `:`        | integer       | `:2\r\n`                        | `.integer(2)`                 |
/// | `$`        | bulk string   | `$5\r\nhello\r\n`               | `.bulkString(bytes of hello)` |
/// | `*`        | array         | `*2\r\n:1\r\n:2\r\n`            | `.array([.integer(1), .integer(2)])` |
/// | `$-1` `*-1`| null          | `$-1\r\n`                       | `.null`                       |
///
/// Bulk strings are bytes, not text: a pub/sub payload of the Redis adapter is MessagePack, which is binary.
/// Commands travel the other way as arrays of bulk strings (`RESPEncoder.command`).
package enum RESPValue: Sendable, Hashable {
    case simpleString(String)
    case error(String)
    case integer(Int)
    case bulkString([UInt8])
    case array([RESPValue])
    /// RESP2's null bulk string (`$-1`) and null array (`*-1`): "no value", e.g. `GET` of a missing key.
    case null

    /// The text of a simple or bulk string (bulk bytes decoded as UTF-8, with repairs).
    package var stringValue: String? {
        switch self {
        case .simpleString(let text): return text
        case .bulkString(let bytes): return String(decoding: bytes, as: UTF8.self)
        default: return nil
        }
    }

    /// The bytes of a bulk or simple string.
    package var bytesValue: [UInt8]? {
        switch self {
        case .bulkString(let bytes): return bytes
        case .simpleString(let text): return Array(text.utf8)
        default: return nil
        }
    }

    /// An integer reply, or a string holding one (`PUBSUB NUMSUB` answers with integers).
    package var intValue: Int? {
        switch self {
        case .integer(let value): return value
        case .bulkString, .simpleString: return stringValue.flatMap { Int($0) }
        default: return nil
        }
    }

    package var arrayValue: [RESPValue]? {
        guard case .array(let elements) = self else { return nil }
        return elements
    }
}

extension RESPValue: CustomStringConvertible {
    /// A readable form for logs and test failures: bulk strings shown as text when they are UTF-8.
    package var description: String {
        switch self {
        case .simpleString(let text): return "+\(text)"
        case .error(let text): return "-\(text)"
        case .integer(let value): return ":\(value)"
        case .bulkString(let bytes):
            if let text = String(validating: bytes, as: UTF8.self) { return "\"\(text)\"" }
            return "<\(bytes.count) bytes>"
        case .array(let elements): return "[" + elements.map(\.description).joined(separator: ", ") + "]"
        case .null: return "nil"
        }
    }
}
