// SPDX-License-Identifier: MIT

import SIOMessagePack
import SIOServer

/// One Socket.IO packet as one MessagePack map, the wire format of `socket.io-msgpack-parser` (its `index.js`:
/// `msgpack.encode(packet)` with notepack.io, and `checkPacket` on the way in).
///
/// ```text
/// EVENT ["hi"] on "/"            83                      map of 3
///                                   a4 "type" 02           type: 2
///                                   a4 "data" 91 a2 "hi"   data: ["hi"]
///                                   a3 "nsp"  a1 "/"       nsp: "/"
/// ```
///
/// Writing: the keys `type`, `data` (left out when the packet has none), `nsp` (always: python-socketio reads it
/// unconditionally), `id` (when the packet has one), in that order, the order python-socketio writes them.
/// Values follow notepack's choices (`MessagePackValue(_: SocketIOValue)`): whole numbers as the smallest
/// integer, other numbers as float 64, bytes as `bin`. EVENT and ACK keep types 2 and 3 when they carry bytes:
/// this format has no attachments, hence no BINARY_EVENT.
///
/// Reading, as `checkPacket` does: a map whose `type` is an integer from 0 to 4, whose `nsp` is a string and
/// whose `id`, if any, is an integer. Stricter in three ways, to hold the same packets as the default parser:
/// `nsp` starts with `/`, `id` is from 0 to 2^53 - 1, and `data` follows the default parser's rules (an EVENT
/// names a non-reserved event). More lenient in one: a `data` of nil counts as absent, because python-socketio
/// writes `"data": None` for a CONNECT without auth and for a DISCONNECT (notepack writes JavaScript's
/// `undefined` as an extension, which reads as nil too).
///
/// Bounds: the message is at most `maxPayload` bytes (the engine checks it before this runs); MessagePack
/// nesting stops at `MessagePackDecoder.defaultMaxDepth` (64) levels, and no count is believed beyond the bytes
/// that are actually there (each element takes at least one), so the tree is no larger than the message allows.
package enum MessagePackPacketCodec {
    /// The packet as one MessagePack map.
    package static func encode(_ packet: SocketIOPacket) -> [UInt8] {
        var pairs = [pair("type", .int(Int64(plainType(packet.type).rawValue)))]
        if let data = packet.data { pairs.append(pair("data", MessagePackValue(data))) }
        pairs.append(pair("nsp", .string(packet.namespace)))
        if let ackId = packet.ackId { pairs.append(pair("id", .int(Int64(ackId)))) }
        return MessagePackEncoder.encode(.map(pairs))
    }

    /// Reads one message into a packet, or says which rule it breaks.
    package static func decode(_ bytes: [UInt8]) throws(MessagePackPacketError) -> SocketIOPacket {
        let value: MessagePackValue
        do {
            value = try MessagePackDecoder.decode(bytes)
        } catch {
            throw .invalidMessagePack(error)
        }
        guard case .map = value, case .object(let object) = SocketIOValue(value) else { throw .notAMap }

        guard let number = object["type"]?.doubleValue, let raw = Int(exactly: number),
            (0...Int(SocketIOPacketType.connectError.rawValue)).contains(raw),
            let type = SocketIOPacketType(rawValue: UInt8(raw))
        else { throw .invalidType }

        guard case .string(let namespace)? = object["nsp"], namespace.utf8.first == UInt8(ascii: "/") else {
            throw .invalidNamespace
        }

        var ackId: Int?
        switch object["id"] {
        case nil, .null?: break
        case .number(let number)?:
            guard let id = Int(exactly: number), (0...SocketIOPacketDecoder.maxAckId).contains(id) else {
                throw .invalidAckId
            }
            ackId = id
        default: throw .invalidAckId
        }

        let data = object["data"] == .null ? nil : object["data"]
        guard SocketIOPacketDecoder.isPayloadValid(data, for: type) else { throw .invalidPayload(type) }
        return SocketIOPacket(type: type, namespace: namespace, ackId: ackId, data: data)
    }

    private static func pair(_ key: String, _ value: MessagePackValue) -> MessagePackPair {
        MessagePackPair(key: .string(key), value: value)
    }

    /// The type on this wire: bytes do not change it.
    private static func plainType(_ type: SocketIOPacketType) -> SocketIOPacketType {
        switch type {
        case .binaryEvent: return .event
        case .binaryAck: return .ack
        case .connect, .disconnect, .event, .ack, .connectError: return type
        }
    }
}
