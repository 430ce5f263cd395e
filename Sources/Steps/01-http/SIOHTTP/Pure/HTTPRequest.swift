// SPDX-License-Identifier: MIT

/// One parsed HTTP/1.1 request: what the parser produces and what a route handler reads.
public struct HTTPRequest: Sendable {
    /// The method token as sent (`GET`, `POST`, ...). RFC 9110 §9.1: methods are case-sensitive.
    public var method: String
    /// The request target exactly as sent, e.g. `/engine.io/?EIO=4&transport=polling`.
    public var target: String
    /// The percent-decoded path part of the target, e.g. `/engine.io/`.
    public var path: String
    /// The query parameters, percent-decoded, in order. `?a=1&a=2` keeps both.
    public var queryItems: [(name: String, value: String)]
    /// `(1, 1)` or `(1, 0)`.
    public var version: (major: Int, minor: Int)
    /// The header fields (RFC 9110 §5), with case-insensitive lookup: `request.headers["origin"]`.
    public var headers: HTTPHeaders
    /// The whole body: `Content-Length` bytes, or the de-chunked `Transfer-Encoding: chunked` body.
    public var body: [UInt8]
    /// Trailer fields sent after a chunked body (RFC 9112 §7.1.2); kept apart from `headers`
    /// because RFC 9110 §6.5.1 forbids merging them unless a field's definition allows it.
    public var trailers: HTTPHeaders = [:]

    /// A request built by hand (tests, a proxy in front): `target` is split into `path` and `queryItems`.
    public init(
        method: String, target: String, version: (major: Int, minor: Int) = (1, 1),
        headers: HTTPHeaders = [:], body: [UInt8] = []
    ) {
        self.method = method
        self.target = target
        self.version = version
        self.headers = headers
        self.body = body
        let (path, query) = URLComponentsDecoder.split(target: target)
        self.path = path
        self.queryItems = query
    }

    /// The parser's initializer: it has already decoded (and validated) the path and query.
    init(
        method: String, target: String, version: (major: Int, minor: Int), headers: HTTPHeaders,
        path: String, queryItems: [(name: String, value: String)], body: [UInt8]
    ) {
        self.method = method
        self.target = target
        self.version = version
        self.headers = headers
        self.body = body
        self.path = path
        self.queryItems = queryItems
    }

    /// The first value of the query parameter `name`.
    public func query(_ name: String) -> String? {
        queryItems.first { $0.name == name }?.value
    }

    /// RFC 9112 §9.3: HTTP/1.1 is persistent unless `Connection: close`; HTTP/1.0 only with `keep-alive`.
    public var keepAlive: Bool {
        if version.major == 1 && version.minor == 0 { return headers.hasToken("keep-alive", in: "Connection") }
        return !headers.hasToken("close", in: "Connection")
    }
}
