// SPDX-License-Identifier: MIT

/// Why bytes are not one MessagePack value. A Redis adapter ignores such a message, as Node's does
/// ("ignoring malformed request"); the msgpack parser closes the connection that sent it.
package enum MessagePackError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The bytes stop in the middle of a value, or announce more elements or bytes than there are.
    case unexpectedEnd
    /// `0xc1`, the one byte the spec reserves as "never used".
    case unknownFormat(UInt8)
    /// A `str` whose bytes are not UTF-8.
    case invalidUTF8
    /// Bytes left after the value (notepack: "N trailing bytes").
    case trailingBytes(Int)
    case tooDeep(limit: Int)

    package var description: String {
        switch self {
        case .unexpectedEnd: return "unexpected end of MessagePack data"
        case .unknownFormat(let byte): return "unknown MessagePack format 0x\(String(byte, radix: 16))"
        case .invalidUTF8: return "MessagePack string is not UTF-8"
        case .trailingBytes(let count): return "\(count) trailing bytes"
        case .tooDeep(let limit): return "MessagePack nested deeper than \(limit)"
        }
    }
}
