// SPDX-License-Identifier: MIT

import SIOCluster
import SIOServer

/// A socket's description in a REMOTE_FETCH response, in Node's shape (`@socket.io/redis-adapter` `onrequest`,
/// socket.io `socket.ts` `buildHandshake`):
///
/// ```json
/// {"id":"aBc…","handshake":{"headers":{…},"time":"…","address":"127.0.0.1","xdomain":false,"secure":false,
///  "issued":1700000000000,"query":{"EIO":"4",…},"auth":{}},"rooms":["aBc…","lobby"],"data":{"name":"ada"}}
/// ```
///
/// Node also sends the handshake's `url`, which our `Handshake` does not keep; a header or query value that
/// Node holds as a list (a repeated header) arrives as an array and is joined with `", "`.
extension SocketDetails {
    package var wireValue: SocketIOValue {
        [
            "id": .string(id),
            "handshake": handshake.wireValue,
            "rooms": .array(rooms.sorted().map(SocketIOValue.string)),
            "data": data,
        ]
    }

    package init?(wire value: SocketIOValue) {
        guard let id = value["id"]?.stringValue else { return nil }
        self.init(
            id: id, handshake: Handshake(wire: value["handshake"] ?? .null),
            rooms: RedisWireFormat.rooms(value["rooms"]), data: value["data"] ?? .null)
    }
}

extension Handshake {
    package var wireValue: SocketIOValue {
        [
            "headers": .object(SocketIOObject(headers.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
            "time": .string(time),
            "address": .string(address),
            "xdomain": .bool(xdomain),
            "secure": .bool(secure),
            "issued": .number(Double(issued)),
            "query": .object(SocketIOObject(query.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
            "auth": .object(auth.mapValues(SocketIOValue.init)),
        ]
    }

    package init(wire value: SocketIOValue) {
        self.init(
            headers: Self.strings(value["headers"]), query: Self.strings(value["query"]),
            auth: value["auth"]?.jsonValue?.objectValue ?? [:], address: value["address"]?.stringValue ?? "",
            time: value["time"]?.stringValue ?? "", issued: value["issued"]?.intValue ?? 0,
            xdomain: value["xdomain"]?.boolValue ?? false, secure: value["secure"]?.boolValue ?? false)
    }

    /// An object of strings (or of lists of strings, joined) as a dictionary.
    private static func strings(_ value: SocketIOValue?) -> [String: String] {
        var result: [String: String] = [:]
        for (key, item) in value?.objectValue ?? [:] {
            if let text = item.stringValue {
                result[key] = text
            } else if let list = item.arrayValue {
                result[key] = list.compactMap(\.stringValue).joined(separator: ", ")
            }
        }
        return result
    }
}
