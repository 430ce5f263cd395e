// SPDX-License-Identifier: MIT

/// Why bytes from Redis are not RESP2. Any of these ends the connection: the stream cannot be resynchronised.
package enum RESPParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A type byte RESP2 does not have (RESP3's `%`, `>`, `_`... arrive only after `HELLO 3`, which we never send).
    case unknownType(UInt8)
    /// A line that is not followed by `\r\n`, or a bulk string whose announced length is wrong.
    case missingCRLF
    /// An integer line that is not a decimal number.
    case invalidInteger(String)
    /// A negative length other than -1 (null).
    case invalidLength(Int)
    case bulkStringTooLong(Int)
    case lineTooLong(limit: Int)
    case tooDeep(limit: Int)

    package var description: String {
        switch self {
        case .unknownType(let byte): return "unknown RESP type byte 0x\(String(byte, radix: 16))"
        case .missingCRLF: return "missing CRLF"
        case .invalidInteger(let text): return "invalid integer '\(text)'"
        case .invalidLength(let length): return "invalid length \(length)"
        case .bulkStringTooLong(let length): return "bulk string of \(length) bytes is too long"
        case .lineTooLong(let limit): return "line longer than \(limit) bytes"
        case .tooDeep(let limit): return "arrays nested deeper than \(limit)"
        }
    }
}
