// SPDX-License-Identifier: MIT

import SIOMessagePack
import SIOServer

/// Why a message is not a packet of the msgpack parser (socket.io-msgpack-parser `checkPacket`, whose messages
/// these are). Every case closes the connection, as a decoding error of the default parser does.
package enum MessagePackPacketError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A text message: the msgpack parser sends every packet as binary, so the client uses another parser.
    case textMessage
    /// The bytes are not one MessagePack value (truncated, trailing bytes, nested deeper than the limit...).
    case invalidMessagePack(MessagePackError)
    /// One MessagePack value, but not a map.
    case notAMap
    /// `type` is not an integer from 0 (CONNECT) to 4 (CONNECT_ERROR); 5 and 6 do not exist in this format.
    case invalidType
    /// `nsp` is missing, not a string, or does not start with `/`.
    case invalidNamespace
    /// `id` is not a whole number from 0 to 2^53 - 1.
    case invalidAckId
    /// `data` has the wrong shape for the type (the default parser's rules: `SocketIOPacketDecoder`).
    case invalidPayload(SocketIOPacketType)

    package var description: String {
        switch self {
        case .textMessage: return "text message: the msgpack parser expects binary messages"
        case .invalidMessagePack(let error): return "invalid MessagePack: \(error)"
        case .notAMap: return "invalid packet: not a map"
        case .invalidType: return "invalid packet type"
        case .invalidNamespace: return "invalid namespace"
        case .invalidAckId: return "invalid packet id"
        case .invalidPayload(let type): return "invalid payload for packet type \(type)"
        }
    }
}
