// SPDX-License-Identifier: MIT

import SIOJSON

/// A refusal from a namespace middleware: the client gets a CONNECT_ERROR packet and its `connect_error` event
/// fires with this message and data (socket.io `namespace.ts` `_add`, `ExtendedError`).
///
/// ```swift
/// io.use { socket, next in
///     guard socket.handshake.auth["token"] == "secret" else {
///         return next(ConnectError("not authorized", data: ["retry": false]))
///     }
///     next(nil)
/// }
/// // the client receives: 44{"message":"not authorized","data":{"retry":false}}
/// ```
public struct ConnectError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Shown to the client as `err.message`.
    public var message: String
    /// Extra details for the client (`err.data`), omitted from the packet when `nil`, as `JSON.stringify`
    /// omits an `undefined` member.
    public var data: JSON?

    /// A refusal sent as CONNECT_ERROR `{"message": message, "data": data}` (Socket.IO v5 "CONNECT_ERROR").
    public init(_ message: String, data: JSON? = nil) {
        self.message = message
        self.data = data
    }

    /// The answer to a CONNECT for a namespace that does not exist (socket.io `client.ts` `connect`).
    public static let invalidNamespace = ConnectError("Invalid namespace")

    /// The CONNECT_ERROR payload: `{"message":...}` or `{"message":...,"data":...}`.
    public var payload: SocketIOValue {
        var object: SocketIOObject = ["message": .string(message)]
        if let data { object["data"] = SocketIOValue(data) }
        return .object(object)
    }

    /// The message the client receives.
    public var description: String { message }
}
