// SPDX-License-Identifier: MIT

import SIOJSON

/// What a socket knows about the request that opened its connection (socket.io `socket-types.ts`, `Handshake`).
///
/// Headers, query and address describe the Engine.IO handshake request (the first `GET` of a polling session,
/// or the WebSocket upgrade). `auth` is the object the client sent with its CONNECT packet to this namespace
/// (`io("/admin", { auth: { token } })` in the browser), so each namespace of one connection has its own.
///
/// ```swift
/// io.onConnection { socket in
///     socket.handshake.headers["user-agent"]       // header names are lowercase, as in Node
///     socket.handshake.query["room"]               // ?room=lobby on the connection URL
///     socket.handshake.auth["token"]?.stringValue  // from the CONNECT packet
/// }
/// ```
public struct Handshake: Sendable, Hashable {
    /// The request headers with lowercase names. A repeated header keeps every value, joined with `", "`
    /// (Node joins most repeated headers that way; it has special rules for a few, such as `set-cookie`).
    public var headers: [String: String]
    /// The query parameters of the handshake request (`EIO`, `transport`, `t` and the application's own).
    /// When a name repeats, the last value wins.
    public var query: [String: String]
    /// The CONNECT packet's payload; `{}` when the client sent none.
    public var auth: JSONObject
    /// The client's address, as the server saw it.
    public var address: String
    /// When the socket was created, as text (an HTTP date, e.g. `Sat, 22 Nov 2025 10:00:00 GMT`; Node writes
    /// JavaScript's `Date#toString()` form here).
    public var time: String
    /// When the socket was created, in milliseconds since 1970 (Node's `issued`).
    public var issued: Int
    /// Whether the request came from another origin (it has an `Origin` header).
    public var xdomain: Bool
    /// Whether the connection is encrypted (Node: `request.connection.encrypted`). This server speaks plain
    /// HTTP, so it is `false`, even behind a TLS proxy, as in Node.
    public var secure: Bool

    /// A handshake from its parts (tests, and nodes describing a remote socket).
    public init(
        headers: [String: String] = [:], query: [String: String] = [:], auth: JSONObject = [:],
        address: String = "", time: String = "", issued: Int = 0, xdomain: Bool = false, secure: Bool = false
    ) {
        self.headers = headers
        self.query = query
        self.auth = auth
        self.address = address
        self.time = time
        self.issued = issued
        self.xdomain = xdomain
        self.secure = secure
    }

    /// Builds the header and query dictionaries from the ordered lists the HTTP layer keeps.
    public init(
        headerFields: [(name: String, value: String)], queryItems: [(name: String, value: String)],
        auth: JSONObject, address: String, time: String, issued: Int
    ) {
        var headers: [String: String] = [:]
        for (name, value) in headerFields {
            let key = name.lowercased()
            headers[key] = headers[key].map { $0 + ", " + value } ?? value
        }
        var query: [String: String] = [:]
        for (name, value) in queryItems { query[name] = value }
        self.init(
            headers: headers, query: query, auth: auth, address: address, time: time, issued: issued,
            xdomain: headers["origin"] != nil, secure: false)
    }
}
