// SPDX-License-Identifier: MIT

import SIOServer

/// A request from one server to the others, published on `socket.io-request#<nsp>#`
/// (`@socket.io/redis-adapter` 8, `RequestType` and `onrequest`).
///
/// | type | kind              | body (JSON unless noted)                                          | answered with |
/// |------|-------------------|-------------------------------------------------------------------|---------------|
/// | 0    | SOCKETS           | `{uid, requestId, type, rooms}` (older adapters)                  | socket ids    |
/// | 1    | ALL_ROOMS         | `{uid, requestId, type}`                                          | room names    |
/// | 2    | REMOTE_JOIN       | `{uid, type, opts:{rooms,except}, rooms}`                         | nothing       |
/// | 3    | REMOTE_LEAVE      | `{uid, type, opts, rooms}`                                        | nothing       |
/// | 4    | REMOTE_DISCONNECT | `{uid, type, opts, close}`                                        | nothing       |
/// | 5    | REMOTE_FETCH      | `{uid, requestId, type, opts}`                                    | socket details |
/// | 6    | SERVER_SIDE_EMIT  | `{uid, [requestId,] type, data:[event, ...args]}`                 | one value per server, if `requestId` |
/// | 7    | BROADCAST         | MessagePack `{uid, requestId, type, packet, opts:{rooms,except,flags}}` | client counts, then acks |
///
/// Keys are written in Node's order, so the bytes equal what a Node server publishes for the same request.
package struct RedisRequest: Sendable, Hashable {
    package enum Kind: Sendable, Hashable {
        case sockets(rooms: Set<Room>)
        case allRooms
        case remoteJoin(options: BroadcastOptions, rooms: [Room])
        case remoteLeave(options: BroadcastOptions, rooms: [Room])
        case remoteDisconnect(options: BroadcastOptions, close: Bool)
        case remoteFetch(options: BroadcastOptions)
        /// `[event, ...arguments]`.
        case serverSideEmit(data: [SocketIOValue])
        /// A broadcast whose receivers' acknowledgements are collected across servers.
        case broadcast(packet: SocketIOPacket, options: BroadcastOptions)

        /// The wire's `type` number.
        package var type: Int {
            switch self {
            case .sockets: return 0
            case .allRooms: return 1
            case .remoteJoin: return 2
            case .remoteLeave: return 3
            case .remoteDisconnect: return 4
            case .remoteFetch: return 5
            case .serverSideEmit: return 6
            case .broadcast: return 7
            }
        }
    }

    /// The sending server.
    package var uid: String
    /// Set when the sender waits for answers; they carry it back.
    package var requestId: String?
    package var kind: Kind

    package init(uid: String, requestId: String? = nil, kind: Kind) {
        self.uid = uid
        self.requestId = requestId
        self.kind = kind
    }

    /// The body to publish: MessagePack for a broadcast (its packet may hold bytes), JSON for the rest.
    package func encoded() -> [UInt8] {
        var object: SocketIOObject = ["uid": .string(uid)]
        if let requestId { object["requestId"] = .string(requestId) }
        object["type"] = .number(Double(kind.type))
        switch kind {
        case .sockets(let rooms):
            object["rooms"] = .array(rooms.sorted().map(SocketIOValue.string))
        case .allRooms:
            break
        case .remoteJoin(let options, let rooms), .remoteLeave(let options, let rooms):
            object["opts"] = RedisWireFormat.options(options, includeFlags: false)
            object["rooms"] = .array(rooms.map(SocketIOValue.string))
        case .remoteDisconnect(let options, let close):
            object["opts"] = RedisWireFormat.options(options, includeFlags: false)
            object["close"] = .bool(close)
        case .remoteFetch(let options):
            object["opts"] = RedisWireFormat.options(options, includeFlags: false)
        case .serverSideEmit(let data):
            object["data"] = .array(data)
        case .broadcast(let packet, let options):
            object["packet"] = RedisWireFormat.packet(packet)
            object["opts"] = RedisWireFormat.options(options, includeFlags: true)
            return RedisWireFormat.encodeMessagePack(.object(object))
        }
        return RedisWireFormat.encodeJSON(.object(object))
    }

    /// Reads a request of either encoding.
    package init(decoding bytes: [UInt8]) throws(RedisMessageError) {
        let value = try RedisWireFormat.decode(bytes)
        guard let uid = value["uid"]?.stringValue else { throw .missingField("uid") }
        guard let type = value["type"]?.intValue else { throw .missingField("type") }
        self.uid = uid
        requestId = value["requestId"]?.stringValue
        let options = RedisWireFormat.options(from: value["opts"])
        switch type {
        case 0: kind = .sockets(rooms: RedisWireFormat.rooms(value["rooms"]))
        case 1: kind = .allRooms
        case 2, 3:
            guard value["opts"] != nil, let rooms = value["rooms"]?.arrayValue else { throw .missingField("opts/rooms") }
            let names = rooms.compactMap(RedisWireFormat.roomName)
            kind = type == 2 ? .remoteJoin(options: options, rooms: names) : .remoteLeave(options: options, rooms: names)
        case 4:
            guard value["opts"] != nil else { throw .missingField("opts") }
            kind = .remoteDisconnect(options: options, close: value["close"]?.boolValue ?? false)
        case 5: kind = .remoteFetch(options: options)
        case 6:
            guard let data = value["data"]?.arrayValue, data.first?.stringValue != nil else { throw .missingField("data") }
            kind = .serverSideEmit(data: data)
        case 7: kind = .broadcast(packet: try RedisWireFormat.packet(from: value["packet"]), options: options)
        default: throw .unknownRequestType(type)
        }
        if requestId == nil, [0, 1, 5, 7].contains(type) { throw .missingField("requestId") }
    }
}
