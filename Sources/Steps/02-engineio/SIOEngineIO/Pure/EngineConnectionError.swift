// SPDX-License-Identifier: MIT

/// A request the engine refused, as Node's `connection_error` event reports it: the request, the official code
/// and message, and a `context` naming the check that failed (engine.io `server.ts`, `verify()` and `handshake()`).
///
/// Every refused engine request produces exactly one, before its error response is written: bad handshakes, polls
/// for an unknown session (code 1, what clients send after a server restart), and handshakes `allowRequest` refused.
///
/// ```swift
/// engine.onConnectionError { error in
///     print(error.logLine)   // connection_error code=1 message="Session ID unknown" context={"sid":"abc"} ...
/// }
/// ```
///
/// | code | `context` (keys absent when the request lacks the value) |
/// |---|---|
/// | 0 | `transport` |
/// | 1 | `sid` |
/// | 2 | `method` |
/// | 3 | `name` (`INVALID_ORIGIN` with `origin`; `TRANSPORT_MISMATCH` with `transport`, `previousTransport`; `TRANSPORT_HANDSHAKE_ERROR`) |
/// | 4 | `message` (the `allowRequest` hook's text, when it gave one) |
/// | 5 | `protocol`: `3`, the version Node assumes for anything but `EIO=4` |
public struct EngineConnectionError: Sendable {
    /// The refused request.
    public let request: EngineRequest
    /// The error, which also gives the response's body (`EngineError.jsonBody`).
    public let error: EngineError
    /// The check that failed and the values it saw (Node's `context`); see the table above.
    public let context: [String: String]

    /// The official code, 0 to 5 (Node's `code`).
    public var code: Int { error.code }

    /// The official message for `code` (Node's `message`, `Server.errorMessages[code]`): `Forbidden` for code 4 even
    /// when the hook gave its own text, which is then in `context["message"]` and in the response body.
    public var message: String { error.officialMessage }

    /// The report of `error` for `request`. `previousTransport` is the session's current transport, for
    /// `TRANSPORT_MISMATCH`.
    public init(error: EngineError, request: EngineRequest, previousTransport: EngineTransportKind? = nil) {
        self.request = request
        self.error = error
        var context: [String: String] = [:]
        switch error {
        case .unknownTransport:
            context["transport"] = request.queryValue("transport")
        case .unknownSessionID:
            context["sid"] = request.queryValue("sid")
        case .badHandshakeMethod:
            context["method"] = request.method
        case .badRequest(let reason):
            context["name"] = reason.rawValue
            switch reason {
            case .invalidOrigin:
                context["origin"] = request.header("Origin")
            case .transportMismatch:
                context["transport"] = request.queryValue("transport")
                context["previousTransport"] = previousTransport?.rawValue
            case .transportHandshakeError:
                break
            }
        case .forbidden(let message):
            context["message"] = message
        case .unsupportedProtocolVersion:
            context["protocol"] = "3"
        }
        self.context = context
    }

    /// One line for a log: code, message, context as JSON (`name` first, then sorted keys), the peer's address,
    /// the method and the query. The query is the part of the request that explains most refusals; it is the
    /// client's own text, quoted so that a line break in it cannot forge a second log line.
    ///
    /// ```
    /// connection_error code=1 message="Session ID unknown" context={"sid":"nope"} remote=127.0.0.1 GET "EIO=4&transport=polling&sid=nope"
    /// ```
    public var logLine: String {
        let keys = context.keys.sorted { ($0 == "name" ? 0 : 1, $0) < ($1 == "name" ? 0 : 1, $1) }
        let fields = keys.map { EngineJSON.quoted($0) + ":" + EngineJSON.quoted(context[$0] ?? "") }
        let query = request.query.map { $0.name + "=" + $0.value }.joined(separator: "&")
        let remote = request.remoteAddress.isEmpty ? "-" : request.remoteAddress
        return "connection_error code=\(code) message=\(EngineJSON.quoted(message))"
            + " context={\(fields.joined(separator: ","))} remote=\(remote) \(request.method) \(EngineJSON.quoted(query))"
    }
}
