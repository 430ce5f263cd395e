// SPDX-License-Identifier: MIT

import SIOJSON
import SIOMessagePack
import SIOMsgpackParser
import SIOServer

/// The pieces the Redis adapter's messages are made of, in the shapes Node's code gives them
/// (`@socket.io/redis-adapter` 8 `lib/index.ts`; socket.io-adapter `BroadcastOptions`).
///
/// A message body is either JSON or MessagePack, and receivers tell them apart by the first byte: `{` (0x7b)
/// means JSON, since a MessagePack map never starts with that byte (0x7b is the positive fixint 123).
/// Broadcasts and broadcast acknowledgements are MessagePack because they carry user data, which may hold
/// bytes; the other requests are JSON. Both are read into a `SocketIOValue` tree first, then into the typed
/// messages (`RedisBroadcast`, `RedisRequest`, `RedisResponse`).
package enum RedisWireFormat {
    /// Reads a body of either encoding.
    package static func decode(_ bytes: [UInt8]) throws(RedisMessageError) -> SocketIOValue {
        if bytes.first == UInt8(ascii: "{") {
            do {
                return try SocketIOValue.parse(bytes)
            } catch {
                throw .invalidJSON(error.description)
            }
        }
        do {
            return SocketIOValue(try MessagePackDecoder.decode(bytes))
        } catch {
            throw .invalidMessagePack(error.description)
        }
    }

    package static func encodeMessagePack(_ value: SocketIOValue) -> [UInt8] {
        MessagePackEncoder.encode(MessagePackValue(value))
    }

    /// `JSON.stringify` of the value, as Node would write it. Bytes become what `Buffer.prototype.toJSON` gives,
    /// `{"type":"Buffer","data":[1,2,3]}`: JSON has no bytes, and that is what a Node peer would have sent.
    package static func encodeJSON(_ value: SocketIOValue) -> [UInt8] {
        nodeJSON(value).serializedBytes()
    }

    static func nodeJSON(_ value: SocketIOValue) -> JSON {
        switch value {
        case .null: return .null
        case .bool(let flag): return .bool(flag)
        case .number(let number): return .number(number)
        case .string(let text): return .string(text)
        case .binary(let bytes): return ["type": "Buffer", "data": .array(bytes.map { .number(Double($0)) })]
        case .array(let elements): return .array(elements.map(nodeJSON))
        case .object(let object): return .object(object.mapValues(nodeJSON))
        }
    }

    // MARK: Broadcast options: {rooms, except, flags}

    /// `{"rooms":[..],"except":[..]}` plus `"flags"` when `includeFlags` (broadcasts; requests leave flags out).
    /// Rooms are sorted so that the same options always give the same bytes.
    package static func options(_ options: BroadcastOptions, includeFlags: Bool) -> SocketIOValue {
        var object: SocketIOObject = [
            "rooms": .array(options.rooms.sorted().map(SocketIOValue.string)),
            "except": .array(options.except.sorted().map(SocketIOValue.string)),
        ]
        if includeFlags {
            var flags: SocketIOObject = [:]
            if options.flags.volatile { flags["volatile"] = true }
            if !options.flags.compress { flags["compress"] = false }
            if let timeout = options.flags.timeout { flags["timeout"] = .number(Double(milliseconds(timeout))) }
            object["flags"] = .object(flags)
        }
        return .object(object)
    }

    /// Reads `{rooms, except, flags?}`; missing lists are empty. Of the flags, `volatile` and `timeout` (in
    /// milliseconds) matter to a receiver; `local` never travels.
    package static func options(from value: SocketIOValue?) -> BroadcastOptions {
        var options = BroadcastOptions(rooms: rooms(value?["rooms"]), except: rooms(value?["except"]))
        if let flags = value?["flags"] {
            options.flags.volatile = flags["volatile"]?.boolValue ?? false
            options.flags.compress = flags["compress"]?.boolValue ?? true
            if let milliseconds = flags["timeout"]?.doubleValue, milliseconds.isFinite, milliseconds >= 0 {
                options.flags.timeout = .milliseconds(Int64(milliseconds))
            }
        }
        return options
    }

    /// A list of room names. Node allows numeric room names; they arrive as numbers and are named as strings.
    static func rooms(_ value: SocketIOValue?) -> Set<Room> {
        Set((value?.arrayValue ?? []).compactMap(roomName))
    }

    static func roomName(_ value: SocketIOValue) -> Room? {
        switch value {
        case .string(let name): return name
        case .number(let number): return JSON.number(number).serialized()
        default: return nil
        }
    }

    // MARK: Packets: {type, data, nsp}

    /// A broadcast packet as the Node adapter publishes it: `{"type":2,"data":[event, ...args],"nsp":"/"}`, in
    /// that key order (the operator creates `{type, data}`, the adapter adds `nsp`). No ack id: each receiving
    /// server picks its own.
    package static func packet(_ packet: SocketIOPacket) -> SocketIOValue {
        [
            "type": .number(Double(SocketIOPacketType.event.rawValue)),
            "data": packet.data ?? .array([]),
            "nsp": .string(packet.namespace),
        ]
    }

    /// Reads a published packet: an EVENT (type 2, or 5 for a binary event from another encoder) with its
    /// data array; a missing `nsp` means `/`, as in Node.
    package static func packet(from value: SocketIOValue?) throws(RedisMessageError) -> SocketIOPacket {
        guard let value, case .object = value else { throw .missingField("packet") }
        guard let data = value["data"], case .array = data else { throw .missingField("packet.data") }
        let type = value["type"]?.intValue ?? Int(SocketIOPacketType.event.rawValue)
        guard type == Int(SocketIOPacketType.event.rawValue) || type == Int(SocketIOPacketType.binaryEvent.rawValue) else {
            throw .unsupportedPacketType(type)
        }
        return SocketIOPacket(type: .event, namespace: value["nsp"]?.stringValue ?? "/", data: data)
    }

    static func milliseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
