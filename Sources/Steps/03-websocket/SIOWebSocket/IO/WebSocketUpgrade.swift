// SPDX-License-Identifier: MIT

import SIOHTTP

/// Turns an HTTP request into a WebSocket, or into the error response it deserves (RFC 6455 §4.2).
///
/// This is where the pure handshake (`WebSocketHandshake.evaluate`) meets the HTTP server's takeover seam:
///
/// - a valid request gets `101 Switching Protocols` with `Sec-WebSocket-Accept`, then the raw connection
///   and the bytes read past the request become a `WebSocketConnection`;
/// - a malformed one gets `400 Bad Request` (§4.2.1), with the broken rule as the body;
/// - a valid one for another protocol version gets `426 Upgrade Required` with `Sec-WebSocket-Version: 13`
///   (§4.2.2 item 4, §4.4): the client may retry on the same connection with a version we speak.
///
/// ```swift
/// http.mount("/chat") { request, _ in
///     WebSocketUpgrade.reply(to: request) { socket in socket.delegate = chat }
/// }
/// ```
package enum WebSocketUpgrade {
    /// The reply for `request`. `onOpen` runs on the loop right after the `101` is queued and before any
    /// frame is read: set the socket's delegate there (and send a first message if the protocol has one).
    /// `compressor` is the loop's, used when `configuration.perMessageDeflate` is set and the client offers it.
    package static func reply(
        to request: HTTPRequest, configuration: WebSocketConnection.Configuration = .init(),
        compressor: WebSocketCompressor? = nil, onOpen: @escaping (WebSocketConnection) -> Void
    ) -> HTTPReply {
        let decision = WebSocketHandshake.evaluate(
            method: request.method, version: request.version, headers: request.headers,
            perMessageDeflate: configuration.perMessageDeflate != nil && compressor != nil)
        var headers = HTTPHeaders()
        for field in decision.responseHeaders { headers.add(name: field.name, value: field.value) }
        switch decision {
        case .accept(_, let parameters):
            let response = HTTPResponse(status: .switchingProtocols, headers: headers)
            let deflate = parameters.flatMap { parameters in compressor.map { (parameters, $0) } }
            return .takeover(response) { connection, leftover in
                let socket = WebSocketConnection(connection: connection, configuration: configuration, deflate: deflate)
                onOpen(socket)
                socket.start(leftover: leftover)
            }
        case .reject(let status, let reason):
            headers["Content-Type"] = "text/plain; charset=utf-8"
            headers["Connection"] = "close"
            return .response(
                HTTPResponse(status: HTTPStatus(status, "Bad Request"), headers: headers, body: Array("\(reason.rawValue)\n".utf8)))
        case .upgradeRequired:
            headers["Content-Type"] = "text/plain; charset=utf-8"
            let text = "This server speaks WebSocket version \(WebSocketHandshake.version) only\n"
            return .response(HTTPResponse(status: .upgradeRequired, headers: headers, body: Array(text.utf8)))
        }
    }
}
