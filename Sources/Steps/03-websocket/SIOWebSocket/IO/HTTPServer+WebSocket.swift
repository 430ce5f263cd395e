// SPDX-License-Identifier: MIT

import SIOHTTP

extension HTTPServer {
    /// Serves WebSockets at `path`: every valid upgrade becomes a `WebSocketConnection` handed to `onOpen`
    /// together with its request (for the query or a cookie); bad handshakes get `400` or `426`.
    ///
    /// Upgraded connections leave the HTTP server's books, so this route keeps its own list of open sockets
    /// and, when the server shuts down, closes each one with `1001 Going Away` (RFC 6455 §7.4.1).
    ///
    /// ```swift
    /// server.mountWebSocket("/echo") { socket, _ in socket.delegate = echo }
    /// ```
    public func mountWebSocket(
        _ path: String, configuration: WebSocketConnection.Configuration = .init(),
        _ onOpen: @escaping (WebSocketConnection, HTTPRequest) -> Void
    ) {
        let open = OpenWebSockets()
        // One compressor for the route: this server's sockets all live on its loop (`WebSocketCompressor`).
        let compressor = configuration.perMessageDeflate.map { WebSocketCompressor(threshold: $0.threshold) }
        mount(path) { request, _ in
            WebSocketUpgrade.reply(to: request, configuration: configuration, compressor: compressor) { socket in
                open.add(socket)
                onOpen(socket, request)
            }
        }
        onShutdown { open.closeAll(code: .goingAway, reason: "server shutting down") }
    }
}

/// The sockets a WebSocket route has open, so that a shutdown can say goodbye to each.
private final class OpenWebSockets {
    private var sockets: [ObjectIdentifier: WebSocketConnection] = [:]

    func add(_ socket: WebSocketConnection) {
        sockets[ObjectIdentifier(socket)] = socket
        socket.onClose = { [weak self] socket in self?.sockets[ObjectIdentifier(socket)] = nil }
    }

    func closeAll(code: WebSocketCloseCode, reason: String) {
        for socket in Array(sockets.values) { socket.close(code: code, reason: reason) }
    }
}
