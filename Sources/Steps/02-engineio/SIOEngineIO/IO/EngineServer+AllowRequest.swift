// SPDX-License-Identifier: MIT

import SIOHTTP

/// The asynchronous `allowRequest` (Node's hook calling its callback later): the handshake's reply is deferred, the
/// check runs as a task on the engine's loop (`BoundedWait`), and whichever comes first, its answer or
/// `allowRequestTimeout`, decides. The loop serves other connections meanwhile; the waiting connection reads nothing
/// more (the HTTP layer holds requests behind a deferred reply), so a waiting handshake costs one connection (bounded
/// by the HTTP server's connection limit), one timer and one task.
extension EngineServer {
    /// The message of the `forbidden` answer to a handshake whose `allowRequestAsync` outlived `allowRequestTimeout`.
    package static let handshakeCheckTimedOut = "Handshake check timed out"

    func deferHandshake(
        _ kind: EngineTransportKind, request: HTTPRequest, _ engineRequest: EngineRequest, context: RequestContext,
        headers: HTTPHeaders, _ check: @escaping EngineConfiguration.AsyncAllowRequest
    ) -> HTTPReply {
        let writer = context.deferResponse()
        let wait = BoundedWait.start(
            on: loop, timeout: configuration.allowRequestTimeout, fallback: .reject(message: Self.handshakeCheckTimedOut),
            { await check(engineRequest) }
        ) { [weak self] decision in
            guard writer.isOpen, let self else { return }
            answer(decision, kind: kind, request: request, engineRequest, context: context, headers: headers, writer: writer)
        }
        // The client gave up: nobody is left to answer, and the check's result will be dropped.
        writer.onClose = { wait.cancel() }
        return .deferred(writer)
    }

    private func answer(
        _ decision: EngineConfiguration.AllowRequestDecision, kind: EngineTransportKind, request: HTTPRequest,
        _ engineRequest: EngineRequest, context: RequestContext, headers: HTTPHeaders, writer: ResponseWriter
    ) {
        let upgrade = kind.usesHTTPUpgrade
        if case .reject(let message) = decision {
            return writer.send(refuse(.forbidden(message: message), request: engineRequest, headers: headers, upgrade: upgrade))
        }
        // Sessions may have opened while this one waited: the bound applies now (`EngineHandshake.route`).
        guard sessions.count < configuration.maxSessions else {
            let error = EngineError.forbidden(message: EngineHandshake.tooManySessions)
            return writer.send(refuse(error, request: engineRequest, headers: headers, upgrade: upgrade))
        }
        switch handshake(kind, request: request, engineRequest, context: context, headers: headers, writer: writer) {
        case .response(let response): writer.send(response)
        case .takeover(let response, let handoff): writer.takeover(response, handoff: handoff)
        case .deferred, .pass: break    // polling: the transport answers through `writer` itself
        }
    }
}
