// SPDX-License-Identifier: MIT

import Foundation
import SIOHTTP

/// The Engine.IO server: it mounts itself on an `HTTPServer` at `configuration.path` and turns
/// requests into sessions (engine.io `lib/server.ts`).
///
/// ```swift
/// let engine = EngineServer(configuration: EngineConfiguration(), http: server)
/// engine.delegate = myEchoDelegate
/// ```
public final class EngineServer {
    /// The settings every session of this server gets (path, heartbeat, limits, CORS).
    public let configuration: EngineConfiguration
    /// The HTTP server's loop: every session of this server lives on it.
    public let loop: EventLoop
    /// Told about sessions opening, messages and closes (the Socket.IO server, or your own application). Weak,
    /// because the Socket.IO server that is usually the delegate owns this engine: keep the delegate alive
    /// yourself (a `let`). `engine.delegate = MyDelegate()` compiles, but the object is freed at once and no
    /// message is delivered.
    public weak var delegate: (any EngineDelegate)?
    /// The open sessions of this loop, by id (Node's `engine.clients`).
    public private(set) var sessions: [SessionID: EngineSession] = [:]
    /// Counts for metrics (sessions opened and closed, upgrades, refused requests); read on the loop.
    public internal(set) var statistics = EngineStatistics()
    private var upgradeProviders: [EngineTransportKind: any EngineUpgradeProvider] = [:]
    /// The `connection_error`, `initial_headers` and `headers` subscribers (`EngineServer+Hooks.swift`).
    var connectionErrorHandlers: [(EngineConnectionError) -> Void] = []
    var initialHeadersHandlers: [HeadersHook] = []
    var headersHandlers: [HeadersHook] = []
    /// Compresses every polling response of this loop (`httpCompression`); `nil` when off.
    private let httpCompressor: HTTPCompressor?
    /// The HTTP server underneath; through its `group`, the other loops' servers (one loop per core).
    private weak var http: HTTPServer?

    /// Mounts Engine.IO on `http` at `configuration.path` (`/engine.io/`), over long-polling; other paths are left
    /// to the HTTP server's other routes. The HTTP server keeps the engine alive.
    public init(configuration: EngineConfiguration = EngineConfiguration(), http: HTTPServer) {
        self.configuration = configuration
        self.loop = http.loop
        self.http = http
        // Reachable only from the application's own code (no client input, and the executables' `--cookie` is the
        // default cookie): as npm `cookie` throws on an invalid name, a header browsers would misread is a bug to stop.
        if let error = configuration.cookie?.validationError { preconditionFailure("EngineConfiguration.cookie: \(error)") }
        httpCompressor = configuration.httpCompression.map(HTTPCompressor.init(settings:))
        // The HTTP layer must let engine payloads through; the engine answers 413 itself past maxPayload.
        http.configuration.maxBodyBytes = max(http.configuration.maxBodyBytes, configuration.maxPayload + 1)
        // The route keeps the engine alive: mounting hands it to the HTTP server, which owns its routes.
        http.mount(configuration.path) { request, context in
            self.handle(request, context: context)
        }
        http.onShutdown { [weak self] in self?.closeAll(reason: .forcedClose) }
        // One loop per core: long-polling sends a session's requests on several connections, which may reach
        // any loop; the session id names the loop that owns the session (`SessionID.loop(of:)`), and the HTTP
        // server moves each request there instead of answering "Session ID unknown".
        let path = configuration.path
        http.placeRequests { request, loops in
            guard request.path.hasPrefix(path),
                  let sid = request.queryItems.last(where: { $0.name == "sid" })?.value, !sid.isEmpty
            else { return nil }
            return SessionID(rawValue: sid).loop(of: loops)
        }
    }

    /// Adds a transport that arrives as an HTTP upgrade (step 3's WebSocket).
    package func register(_ provider: any EngineUpgradeProvider) {
        upgradeProviders[provider.kind] = provider
    }

    /// The transports this server can serve now.
    public var registeredTransports: Set<EngineTransportKind> {
        Set(upgradeProviders.keys).union([.polling])
    }

    /// Closes every session at once (a server shutting down).
    public func closeAll(reason: EngineCloseReason) {
        for session in Array(sessions.values) { session.abort(reason: reason) }
    }

    func sessionClosed(_ session: EngineSession, reason: EngineCloseReason) {
        guard sessions.removeValue(forKey: session.id) != nil else { return }
        statistics.record(reason)
        if let own = session.delegate {
            own.engineSession(session, didCloseWith: reason)
        } else {
            delegate?.engineSession(session, didCloseWith: reason)
        }
    }

    // MARK: Requests

    private func handle(_ request: HTTPRequest, context: RequestContext) -> HTTPReply {
        let origin = request.headers["Origin"]
        var headers = HTTPHeaders()
        if let cors = configuration.cors {
            for (name, value) in cors.responseHeaders(origin: origin) { headers.add(name: name, value: value) }
            if request.method == "OPTIONS" {
                var preflight = HTTPHeaders()
                let requested = request.headers["Access-Control-Request-Headers"]
                for (name, value) in cors.preflightHeaders(origin: origin, requestHeaders: requested) {
                    preflight.add(name: name, value: value)
                }
                return .response(HTTPResponse(status: HTTPStatus(EngineCORS.preflightStatusCode, "No Content"), headers: preflight))
            }
        }
        let engineRequest = EngineRequest(
            method: request.method, query: request.queryItems, headers: request.headers.fields,
            remoteAddress: context.remoteAddress,
            isUpgrade: request.headers.hasToken("upgrade", in: "Connection") && request.headers["Upgrade"] != nil)
        // A session past its deadline is over before this request is routed (`runDueDeadlines`).
        if let sid = engineRequest.query.first(where: { $0.name == "sid" })?.value {
            sessions[SessionID(rawValue: sid)]?.runDueDeadlines()
        }
        let route = EngineHandshake.route(
            engineRequest, configuration: configuration, registeredTransports: registeredTransports,
            openSessions: sessions.count
        ) { sessions[$0]?.currentTransport }

        switch route {
        case .failure(let error):
            return .response(refuse(error, request: engineRequest, headers: headers, upgrade: engineRequest.isUpgrade))
        case .success(.handshake(let kind)):
            if let check = configuration.allowRequestAsync {
                return deferHandshake(kind, request: request, engineRequest, context: context, headers: headers, check)
            }
            return handshake(kind, request: request, engineRequest, context: context, headers: headers)
        case .success(.session(let id, _)):
            guard let session = sessions[id], let polling = session.pollingTransport else {
                return .response(refuse(.unknownSessionID, request: engineRequest, headers: headers, upgrade: false))
            }
            let headers = responseHeaders(headers, for: engineRequest, handshakeOf: nil)
            switch request.method {
            case "GET", "HEAD": return polling.handleGET(request, context: context, headers: headers)
            case "POST": return .response(polling.handlePOST(request, maxPayload: configuration.maxPayload, headers: headers))
            default: return .response(HTTPResponse(status: .internalServerError, headers: headers))
            }
        case .success(.upgrade(let id, let kind)):
            guard let provider = upgradeProviders[kind], let session = sessions[id] else {
                return .response(refuse(.unknownSessionID, request: engineRequest, headers: headers, upgrade: true))
            }
            let reply = provider.upgrade(request, context: context) { transport in
                if !session.attachProbe(transport) { transport.close() }
            }
            return withHookHeaders(reply, for: engineRequest)
        }
    }

    /// Opens a session for a handshake that passed every check. `writer` is the deferred reply of a handshake
    /// that waited for `allowRequestAsync`; without it, the reply is returned.
    func handshake(
        _ kind: EngineTransportKind, request: HTTPRequest, _ engineRequest: EngineRequest, context: RequestContext,
        headers: HTTPHeaders, writer: ResponseWriter? = nil
    ) -> HTTPReply {
        guard kind == .polling else {
            guard let provider = upgradeProviders[kind] else {
                return .response(refuse(.unknownTransport, request: engineRequest, headers: headers, upgrade: true))
            }
            let reply = provider.upgrade(request, context: context) { [weak self] transport in
                guard let self else { return transport.close() }
                let session = open(engineRequest, kind: transport.kind, transports: TransportSlots(transport))
                delegate?.engineSessionDidOpen(session)
                session.transportDidBecomeWritable(transport)
            }
            return withHookHeaders(reply, for: engineRequest)
        }
        let transport = PollingTransport(compressor: httpCompressor)
        let session = open(engineRequest, kind: .polling, transports: TransportSlots(transport))
        let headers = responseHeaders(headers, for: engineRequest, handshakeOf: session.id)
        // This GET is the first long-poll: it carries the `open` packet back at once.
        let reply = transport.handleGET(
            writer: writer ?? context.deferResponse(), headers: headers, acceptEncoding: request.headers["Accept-Encoding"])
        delegate?.engineSessionDidOpen(session)
        return reply
    }

    private func open(
        _ request: EngineRequest, kind: EngineTransportKind, transports: TransportSlots
    ) -> EngineSession {
        let loops = http?.group?.servers.count ?? 1
        let id = SessionID.random(loop: http?.indexInGroup ?? 0, of: loops)
        let upgrades = EngineHandshake.upgrades(
            for: kind, configuration: configuration, registeredTransports: registeredTransports)
        let openPacket = EngineHandshake.openPacket(sessionID: id, upgrades: upgrades, configuration: configuration)
        let machine = EngineSessionStateMachine(
            transport: kind, openPacket: openPacket, configuration: configuration, now: loop.now)
        let session = EngineSession(
            id: id, handshake: request, createdAt: Date().timeIntervalSince1970, machine: machine,
            transports: transports, loop: loop, server: self)
        sessions[id] = session
        statistics.sessionsOpened += 1
        return session
    }

    /// Reports `error` (the counters, then `connection_error`), then gives Node's error answer: JSON
    /// `{"code","message"}` over plain HTTP; for a refused upgrade, a `400` with the message as an HTML body
    /// (engine.io `abortUpgrade`), after which the socket closes.
    func refuse(_ error: EngineError, request: EngineRequest, headers: HTTPHeaders, upgrade: Bool) -> HTTPResponse {
        let previous = request.queryValue("sid").flatMap { sessions[SessionID(rawValue: $0)]?.currentTransport }
        report(EngineConnectionError(error: error, request: request, previousTransport: previous))
        var headers = headers
        if upgrade {
            headers["Content-Type"] = "text/html"
            headers["Connection"] = "close"
            return HTTPResponse(status: .badRequest, headers: headers, body: Array(error.message.utf8))
        }
        headers["Content-Type"] = "application/json"
        let status = HTTPStatus(error.httpStatusCode, error.httpStatusCode == 403 ? "Forbidden" : "Bad Request")
        return HTTPResponse(status: status, headers: headers, body: Array(error.jsonBody.utf8))
    }
}
