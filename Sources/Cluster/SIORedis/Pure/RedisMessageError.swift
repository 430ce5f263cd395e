// SPDX-License-Identifier: MIT

/// Why a message on a Redis adapter channel was not understood. The adapter logs it and ignores the message,
/// as Node's does ("ignoring malformed request"): one bad publisher must not break the cluster.
package enum RedisMessageError: Error, Sendable, Hashable, CustomStringConvertible {
    case invalidJSON(String)
    case invalidMessagePack(String)
    /// The body is valid but lacks a field its kind needs (`uid`, `requestId`, `packet`...).
    case missingField(String)
    /// A request `type` outside 0...9.
    case unknownRequestType(Int)
    /// A published packet that is not an EVENT.
    case unsupportedPacketType(Int)

    package var description: String {
        switch self {
        case .invalidJSON(let reason): return "invalid JSON: \(reason)"
        case .invalidMessagePack(let reason): return "invalid MessagePack: \(reason)"
        case .missingField(let name): return "missing or invalid field '\(name)'"
        case .unknownRequestType(let type): return "unknown request type \(type)"
        case .unsupportedPacketType(let type): return "unsupported packet type \(type)"
        }
    }
}
