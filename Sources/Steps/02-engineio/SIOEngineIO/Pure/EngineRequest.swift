// SPDX-License-Identifier: MIT

/// What the engine needs to know about an incoming HTTP request, independent of the HTTP layer's types.
///
/// The I/O layer fills one in from its parsed request; `EngineHandshake.route` validates it, and the
/// `allowRequest` hook receives it to decide whether a new session may open (by origin, address, token...).
///
/// ```swift
/// let request = EngineRequest(method: "GET", query: [("EIO", "4"), ("transport", "polling")])
/// request.queryValue("transport")   // "polling"
/// ```
public struct EngineRequest: Sendable {
    /// The method token, e.g. `GET`. Methods are case-sensitive (RFC 9110 §9.1).
    public var method: String
    /// The decoded query parameters in order, e.g. `EIO=4`, `transport=polling`, `sid=...`, `t=...`.
    public var query: [(name: String, value: String)]
    /// The request headers in order, names as sent.
    public var headers: [(name: String, value: String)]
    /// The peer's address, for hooks that filter by address.
    public var remoteAddress: String
    /// Whether the request asks for a protocol switch (`Connection: Upgrade`, `Upgrade: websocket`).
    public var isUpgrade: Bool

    /// A request from its parts: what the HTTP layer fills in, and what tests of an `allowRequest` hook build.
    public init(
        method: String,
        query: [(name: String, value: String)] = [],
        headers: [(name: String, value: String)] = [],
        remoteAddress: String = "",
        isUpgrade: Bool = false
    ) {
        self.method = method
        self.query = query
        self.headers = headers
        self.remoteAddress = remoteAddress
        self.isUpgrade = isUpgrade
    }

    /// The value of query parameter `name`. When a name repeats, the **last** value wins, as in Node
    /// (`Object.fromEntries(url.searchParams)`).
    public func queryValue(_ name: String) -> String? {
        query.last { $0.name == name }?.value
    }

    /// The first value of header `name`, compared case-insensitively (RFC 9110 §5.1).
    public func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.name.lowercased() == wanted }?.value
    }
}
