// SPDX-License-Identifier: MIT

import SIOHTTP

/// The operator's hooks of Node's engine (engine.io `server.ts`): `connection_error` for every refused request,
/// `initial_headers` and `headers` to add or change response headers. Add handlers on the engine's loop (or before
/// it runs, as a step's `main` does); they run there, in the order they were added, and must not block.
extension EngineServer {
    /// A `headers` or `initial_headers` handler: change the response headers of the request in place.
    public typealias HeadersHook = (inout HTTPHeaders, EngineRequest) -> Void

    /// Runs `handler` for every request the engine refuses with one of the official errors, before the error
    /// response is written (Node's `engine.on("connection_error", (err) => ...)`, with `err.req`, `err.code`,
    /// `err.message`, `err.context`). `EngineStatistics.requestErrors` counts the same reports.
    ///
    /// ```swift
    /// engine.onConnectionError { error in Console.log(error.logLine) }    // one line per failed handshake
    /// ```
    public func onConnectionError(_ handler: @escaping (EngineConnectionError) -> Void) {
        loop.assertInEventLoop("EngineServer.onConnectionError")
        connectionErrorHandlers.append(handler)
    }

    /// Runs `handler` on the headers of every handshake response, before it is sent (Node's
    /// `engine.on("initial_headers", (headers, req) => ...)`): the polling handshake's `open` payload, or a
    /// WebSocket-only session's `101`. With `EngineConfiguration.cookie`, the session cookie is already there.
    ///
    /// ```swift
    /// engine.onInitialHeaders { headers, request in headers.add(name: "Set-Cookie", value: "visited=1; Path=/") }
    /// ```
    public func onInitialHeaders(_ handler: @escaping HeadersHook) {
        loop.assertInEventLoop("EngineServer.onInitialHeaders")
        initialHeadersHandlers.append(handler)
    }

    /// Runs `handler` on the headers of every polling response (handshake included, after the `initial_headers`
    /// handlers) and of every WebSocket `101` (Node's `engine.on("headers", (headers, req) => ...)`). Error
    /// answers and CORS preflights are not included, as in Node.
    ///
    /// ```swift
    /// engine.onHeaders { headers, _ in headers["X-Served-By"] = hostName }
    /// ```
    public func onHeaders(_ handler: @escaping HeadersHook) {
        loop.assertInEventLoop("EngineServer.onHeaders")
        headersHandlers.append(handler)
    }

    /// The single place a refused request is reported: counted, then handed to every `connection_error` handler.
    func report(_ error: EngineConnectionError) {
        statistics.record(error.error)
        for handler in connectionErrorHandlers { handler(error) }
    }

    /// `headers` after the hooks, for a response to `request`. `handshakeOf` is the new session's id on a polling
    /// handshake (then the cookie, then the `initial_headers` handlers run first), `nil` otherwise.
    func responseHeaders(_ headers: HTTPHeaders, for request: EngineRequest, handshakeOf session: SessionID?) -> HTTPHeaders {
        var headers = headers
        if let session {
            if let cookie = configuration.cookie { headers.add(name: "Set-Cookie", value: cookie.setCookieValue(session.rawValue)) }
            for handler in initialHeadersHandlers { handler(&headers, request) }
        }
        for handler in headersHandlers { handler(&headers, request) }
        return headers
    }

    /// `reply` with the hooks applied to its `101`, if it is one: `initial_headers` then `headers` for a WebSocket
    /// handshake (no `sid`), `headers` only for an upgrade. Node emits both for its `ws` server's `headers` event,
    /// without the cookie, which it sets on polling responses only.
    func withHookHeaders(_ reply: HTTPReply, for request: EngineRequest) -> HTTPReply {
        guard case .takeover(var response, let handoff) = reply,
              !initialHeadersHandlers.isEmpty || !headersHandlers.isEmpty else { return reply }
        if request.queryValue("sid")?.isEmpty ?? true {
            for handler in initialHeadersHandlers { handler(&response.headers, request) }
        }
        for handler in headersHandlers { handler(&response.headers, request) }
        return .takeover(response, handoff: handoff)
    }
}
