// SPDX-License-Identifier: MIT

/// Writes RESP2: commands for Redis, and any value (what a test's fake Redis answers with).
///
/// A command is an array of bulk strings, whatever the arguments mean (redis.io protocol spec, "Sending
/// commands to a Redis server"). Bulk strings carry their length up front, so a payload may hold any
/// bytes, `\r\n` and MessagePack included, without escaping:
///
/// ```swift
/// RESPEncoder.command("PUBLISH", "news", "hi")
/// // *3\r\n$7\r\nPUBLISH\r\n$4\r\nnews\r\n$2\r\nhi\r\n
/// ```
package enum RESPEncoder {
    /// A command whose arguments are text.
    package static func command(_ arguments: String...) -> [UInt8] {
        command(arguments.map { Array($0.utf8) })
    }

    /// A command whose arguments are bytes (a binary payload for `PUBLISH`).
    package static func command(_ arguments: [[UInt8]]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(16 + arguments.reduce(0) { $0 + $1.count + 16 })
        appendHeader(UInt8(ascii: "*"), arguments.count, to: &bytes)
        for argument in arguments {
            appendHeader(UInt8(ascii: "$"), argument.count, to: &bytes)
            bytes.append(contentsOf: argument)
            bytes.append(contentsOf: crlf)
        }
        return bytes
    }

    /// Any value, as Redis itself would send it.
    package static func encode(_ value: RESPValue) -> [UInt8] {
        var bytes: [UInt8] = []
        append(value, to: &bytes)
        return bytes
    }

    private static func append(_ value: RESPValue, to bytes: inout [UInt8]) {
        switch value {
        case .simpleString(let text):
            bytes.append(UInt8(ascii: "+"))
            bytes.append(contentsOf: text.utf8)
            bytes.append(contentsOf: crlf)
        case .error(let text):
            bytes.append(UInt8(ascii: "-"))
            bytes.append(contentsOf: text.utf8)
            bytes.append(contentsOf: crlf)
        case .integer(let value):
            appendHeader(UInt8(ascii: ":"), value, to: &bytes)
        case .bulkString(let payload):
            appendHeader(UInt8(ascii: "$"), payload.count, to: &bytes)
            bytes.append(contentsOf: payload)
            bytes.append(contentsOf: crlf)
        case .array(let elements):
            appendHeader(UInt8(ascii: "*"), elements.count, to: &bytes)
            for element in elements { append(element, to: &bytes) }
        case .null:
            appendHeader(UInt8(ascii: "$"), -1, to: &bytes)
        }
    }

    /// `<type><decimal>\r\n`, e.g. `$5\r\n`.
    private static func appendHeader(_ type: UInt8, _ number: Int, to bytes: inout [UInt8]) {
        bytes.append(type)
        bytes.append(contentsOf: String(number).utf8)
        bytes.append(contentsOf: crlf)
    }

    private static let crlf: [UInt8] = [13, 10]
}
