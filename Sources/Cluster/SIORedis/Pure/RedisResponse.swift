// SPDX-License-Identifier: MIT

import SIOServer

/// An answer to a `RedisRequest`, published on `socket.io-response#<nsp>#` (`@socket.io/redis-adapter` 8
/// `onrequest` and `onresponse`). Every server reads every answer and keeps those whose `requestId` it is
/// waiting for.
///
/// | answer to          | body                                             | here                         |
/// |--------------------|--------------------------------------------------|------------------------------|
/// | SOCKETS            | `{"requestId","sockets":["id",..]}`              | `.sockets` (strings)         |
/// | ALL_ROOMS          | `{"requestId","rooms":[..]}`                     | `.rooms`                     |
/// | REMOTE_FETCH       | `{"requestId","sockets":[{id,handshake,rooms,data}]}` | `.sockets` (objects)    |
/// | SERVER_SIDE_EMIT   | `{"type":6,"requestId","data":<one value>}`      | `.serverSideEmitAck`         |
/// | BROADCAST, count   | `{"type":8,"requestId","clientCount":2}`         | `.clientCount`               |
/// | BROADCAST, an ack  | MessagePack `{"type":9,"requestId","packet":<first ack argument>}` | `.broadcastAck` |
///
/// SOCKETS and REMOTE_FETCH share the `sockets` key; the waiting request knows which one it asked. A value
/// that is `undefined` in Node (an acknowledgement called with no argument) is left out of the body, as
/// `JSON.stringify` and notepack 3 both do; here it is `nil`.
package struct RedisResponse: Sendable, Hashable {
    package enum Kind: Sendable, Hashable {
        case sockets([SocketIOValue])
        case rooms([Room])
        case serverSideEmitAck(SocketIOValue?)
        case clientCount(Int)
        case broadcastAck(SocketIOValue?)
        /// `{"requestId"}` alone (older adapters answer a single-socket join/leave/disconnect this way).
        case done
    }

    package var requestId: String
    package var kind: Kind

    package init(requestId: String, kind: Kind) {
        self.requestId = requestId
        self.kind = kind
    }

    package func encoded() -> [UInt8] {
        let id = SocketIOValue.string(requestId)
        switch kind {
        case .sockets(let sockets):
            return RedisWireFormat.encodeJSON(["requestId": id, "sockets": .array(sockets)])
        case .rooms(let rooms):
            return RedisWireFormat.encodeJSON(["requestId": id, "rooms": .array(rooms.map(SocketIOValue.string))])
        case .serverSideEmitAck(let data):
            var object: SocketIOObject = ["type": 6, "requestId": id]
            if let data { object["data"] = data }
            return RedisWireFormat.encodeJSON(.object(object))
        case .clientCount(let count):
            return RedisWireFormat.encodeJSON(["type": 8, "requestId": id, "clientCount": .number(Double(count))])
        case .broadcastAck(let packet):
            var object: SocketIOObject = ["type": 9, "requestId": id]
            if let packet { object["packet"] = packet }
            return RedisWireFormat.encodeMessagePack(.object(object))
        case .done:
            return RedisWireFormat.encodeJSON(["requestId": id])
        }
    }

    package init(decoding bytes: [UInt8]) throws(RedisMessageError) {
        let value = try RedisWireFormat.decode(bytes)
        guard let requestId = value["requestId"]?.stringValue else { throw .missingField("requestId") }
        self.requestId = requestId
        switch value["type"]?.intValue {
        case 6: kind = .serverSideEmitAck(value["data"])
        case 8:
            guard let count = value["clientCount"]?.intValue else { throw .missingField("clientCount") }
            kind = .clientCount(count)
        case 9: kind = .broadcastAck(value["packet"])
        default:
            if let sockets = value["sockets"]?.arrayValue {
                kind = .sockets(sockets)
            } else if let rooms = value["rooms"]?.arrayValue {
                kind = .rooms(rooms.compactMap(RedisWireFormat.roomName))
            } else {
                kind = .done
            }
        }
    }
}
