// SPDX-License-Identifier: MIT

/// An HTTP status code with its reason phrase.
public struct HTTPStatus: Sendable, Equatable, CustomStringConvertible {
    /// The three-digit status code (RFC 9110 §15).
    public var code: Int
    /// The reason phrase; clients ignore it (RFC 9112 §4), people read it.
    public var reason: String

    /// Any status: `HTTPStatus(429, "Too Many Requests")`.
    public init(_ code: Int, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    /// `404 Not Found`.
    public var description: String { "\(code) \(reason)" }

    /// 101: the WebSocket upgrade's answer (RFC 9110 §15.2.2).
    public static let switchingProtocols = HTTPStatus(101, "Switching Protocols")
    /// 100: "send the body" for `Expect: 100-continue` (RFC 9110 §15.2.1).
    public static let `continue` = HTTPStatus(100, "Continue")
    /// 200 (RFC 9110 §15.3.1).
    public static let ok = HTTPStatus(200, "OK")
    /// 204: success without a body (RFC 9110 §15.3.5); the CORS preflight answer.
    public static let noContent = HTTPStatus(204, "No Content")
    /// 301 (RFC 9110 §15.4.2).
    public static let movedPermanently = HTTPStatus(301, "Moved Permanently")
    /// 304: the cached copy is current (RFC 9110 §15.4.5).
    public static let notModified = HTTPStatus(304, "Not Modified")
    /// 400: malformed request, or an Engine.IO handshake error (RFC 9110 §15.5.1).
    public static let badRequest = HTTPStatus(400, "Bad Request")
    /// 403 (RFC 9110 §15.5.4): a refused CORS origin, say.
    public static let forbidden = HTTPStatus(403, "Forbidden")
    /// 404 (RFC 9110 §15.5.5): no route, and every refused static path.
    public static let notFound = HTTPStatus(404, "Not Found")
    /// 405 (RFC 9110 §15.5.6).
    public static let methodNotAllowed = HTTPStatus(405, "Method Not Allowed")
    /// 408: the request did not arrive within `requestTimeout` (RFC 9110 §15.5.9).
    public static let requestTimeout = HTTPStatus(408, "Request Timeout")
    /// 413: the body is over `maxBodyBytes` (RFC 9110 §15.5.14).
    public static let payloadTooLarge = HTTPStatus(413, "Payload Too Large")
    /// 426 (RFC 9110 §15.5.22).
    public static let upgradeRequired = HTTPStatus(426, "Upgrade Required")
    /// 431: the head is over `maxHeaderBytes` (RFC 6585 §5).
    public static let headerFieldsTooLarge = HTTPStatus(431, "Request Header Fields Too Large")
    /// 500 (RFC 9110 §15.6.1).
    public static let internalServerError = HTTPStatus(500, "Internal Server Error")
    /// 501: an unknown transfer coding (RFC 9110 §15.6.2).
    public static let notImplemented = HTTPStatus(501, "Not Implemented")
    /// 503: over `maxConnections`, or shutting down (RFC 9110 §15.6.4).
    public static let serviceUnavailable = HTTPStatus(503, "Service Unavailable")
    /// 505: anything but HTTP/1.x (RFC 9110 §15.6.6).
    public static let httpVersionNotSupported = HTTPStatus(505, "HTTP Version Not Supported")
}

/// A response to write: status, headers and a complete body.
///
/// The server adds `Content-Length` (and `Connection: close` when it will close) when it serializes
/// the response, so handlers only set what is specific to them.
public struct HTTPResponse: Sendable {
    /// The status line's code and reason.
    public var status: HTTPStatus
    /// The handler's fields; `Content-Length`, `Date` and `Connection` are added when the response is written.
    public var headers: HTTPHeaders
    /// The whole body, sent with a `Content-Length`.
    public var body: [UInt8]

    /// A response from its parts; `init(text:)` is shorter for text.
    public init(status: HTTPStatus = .ok, headers: HTTPHeaders = [:], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A response whose body is `text` in UTF-8.
    public init(status: HTTPStatus = .ok, contentType: String = "text/plain; charset=utf-8", text: String) {
        self.init(status: status, headers: ["Content-Type": contentType], body: Array(text.utf8))
    }
}
