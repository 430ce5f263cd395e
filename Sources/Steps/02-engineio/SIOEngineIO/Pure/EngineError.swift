// SPDX-License-Identifier: MIT

/// The official Engine.IO request errors, codes 0 to 5 (engine.io `server.ts`, `Server.errors`).
///
/// A rejected HTTP request gets a JSON body `{"code":N,"message":"..."}`, status 403 for `forbidden` and 400 for all
/// the others (`abortRequest`). A rejected WebSocket upgrade gets a bare `HTTP/1.1 400 Bad Request` with the
/// message as a `text/html` body, whatever the code (`abortUpgrade`).
///
/// | code | message | raised when |
/// |---|---|---|
/// | 0 | `Transport unknown` | `transport` missing or not enabled |
/// | 1 | `Session ID unknown` | `sid` not in the session table |
/// | 2 | `Bad handshake method` | a request without `sid` that is not a `GET` |
/// | 3 | `Bad request` | see `BadRequestReason` |
/// | 4 | `Forbidden` (or the hook's message) | the `allowRequest` hook refused |
/// | 5 | `Unsupported protocol version` | `EIO` is not `4` (missing included) |
///
/// ```swift
/// EngineError.unknownSessionID.jsonBody          // {"code":1,"message":"Session ID unknown"}
/// EngineError.forbidden(message: "no").httpStatusCode   // 403
/// ```
public enum EngineError: Error, Sendable, Equatable {
    /// Code 0, `Transport unknown`.
    case unknownTransport
    /// Code 1, `Session ID unknown`.
    case unknownSessionID
    /// Code 2, `Bad handshake method`.
    case badHandshakeMethod
    /// Code 3, `Bad request`, with the check that failed (for logs only).
    case badRequest(BadRequestReason)
    /// `message` is the `allowRequest` hook's text; `nil` (or empty, as in Node) means `Forbidden`.
    case forbidden(message: String?)
    /// Code 5, `Unsupported protocol version`.
    case unsupportedProtocolVersion

    /// Which check produced a code 3. Node passes these names as the error context (for logs); they never
    /// reach the client.
    public enum BadRequestReason: String, Sendable, Equatable {
        /// The `Origin` header holds a control character (Node's `checkInvalidHeaderChar`).
        case invalidOrigin = "INVALID_ORIGIN"
        /// A plain request names another transport than the session's current one (e.g. polling after an upgrade).
        case transportMismatch = "TRANSPORT_MISMATCH"
        /// The transport and the request kind disagree: `transport=websocket` without an `Upgrade`,
        /// or an `Upgrade` for `transport=polling`.
        case transportHandshakeError = "TRANSPORT_HANDSHAKE_ERROR"
    }

    /// The official numeric code, 0 to 5.
    public var code: Int {
        switch self {
        case .unknownTransport: 0
        case .unknownSessionID: 1
        case .badHandshakeMethod: 2
        case .badRequest: 3
        case .forbidden: 4
        case .unsupportedProtocolVersion: 5
        }
    }

    /// The official message, or the `allowRequest` hook's message for `forbidden`.
    public var message: String {
        switch self {
        case .unknownTransport: "Transport unknown"
        case .unknownSessionID: "Session ID unknown"
        case .badHandshakeMethod: "Bad handshake method"
        case .badRequest: "Bad request"
        case .forbidden(let message?) where !message.isEmpty: message
        case .forbidden: "Forbidden"
        case .unsupportedProtocolVersion: "Unsupported protocol version"
        }
    }

    /// The official message for `code` (engine.io `Server.errorMessages`): `Forbidden` for code 4 whatever the
    /// hook said. `connection_error` reports this one; the response body carries `message`.
    public var officialMessage: String {
        if case .forbidden = self { return "Forbidden" }
        return message
    }

    /// 403 for `forbidden`, 400 for everything else.
    public var httpStatusCode: Int {
        if case .forbidden = self { return 403 }
        return 400
    }

    /// The response body, byte for byte what Node's `JSON.stringify({code, message})` writes.
    /// Send it with `Content-Type: application/json`.
    public var jsonBody: String {
        "{\"code\":\(code),\"message\":\(EngineJSON.quoted(message))}"
    }
}
