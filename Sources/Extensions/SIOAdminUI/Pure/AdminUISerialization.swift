// SPDX-License-Identifier: MIT

import Foundation
import SIOCluster
import SIOServer

/// What the UI receives about a socket (`@socket.io/admin-ui` `serialize`, `SerializedSocket`), and its dates.
package enum AdminUISerialization {
    /// The key of `socket.data` where the instrumentation keeps what the UI needs and a `RemoteSocket` cannot tell
    /// (its connection's id and transport), as Node does: it then travels with the socket's details to the other
    /// loops and servers. Left out of the `data` shown.
    package static let dataKey = "_admin"

    /// `{"clientId","transport"}` for `socket.data["_admin"]`. Only the first 12 characters of the Engine.IO
    /// session id, as in Node: the whole id is a credential of the polling transport.
    package static func adminData(sessionID: String, transport: String) -> SocketIOValue {
        ["clientId": .string(String(sessionID.prefix(12))), "transport": .string(transport)]
    }

    /// `{"id","clientId","transport","nsp","data","handshake","rooms"}` for the socket `details` describe.
    package static func socket(_ details: SocketDetails, namespace: String, path: String) -> SocketIOValue {
        let admin = details.data[dataKey]
        var data = details.data.objectValue ?? [:]
        _ = data.removeValue(forKey: dataKey)
        let handshake = details.handshake
        let address = handshake.headers["cf-connecting-ip"] ?? handshake.headers["x-forwarded-for"] ?? handshake.address
        let query = handshake.query.sorted { $0.key < $1.key }
        let url = path + (query.isEmpty ? "" : "?" + query.map { "\($0.key)=\($0.value)" }.joined(separator: "&"))
        let headers = handshake.headers.sorted { $0.key < $1.key }.map { ($0.key, SocketIOValue.string($0.value)) }
        let handshakeValue: SocketIOObject = [
            "address": .string(address),
            "headers": .object(SocketIOObject(headers)),
            "query": .object(SocketIOObject(query.map { ($0.key, .string($0.value)) })),
            "issued": .number(Double(handshake.issued)),
            "secure": .bool(handshake.secure),
            "time": .string(handshake.time),
            "url": .string(url),
            "xdomain": .bool(handshake.xdomain),
        ]
        return [
            "id": .string(details.id),
            "clientId": admin?["clientId"] ?? .null,
            "transport": admin?["transport"] ?? .null,
            "nsp": .string(namespace),
            "data": .object(data),
            "handshake": .object(handshakeValue),
            "rooms": .array(details.rooms.sorted().map { .string($0) }),
        ]
    }

    /// A date as JavaScript's `JSON.stringify(new Date())` writes it: `2026-12-08T00:19:48.123Z`.
    package static func timestamp(_ date: Date) -> SocketIOValue {
        .string(date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
    }
}
