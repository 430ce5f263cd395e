// SPDX-License-Identifier: MIT

import SIOEngineIO
import SIOHTTP

/// Plugs WebSocket into an `EngineServer` (the seam `EngineUpgradeProvider` of step 2).
///
/// ```swift
/// let engine = EngineServer(configuration: configuration, http: http)
/// engine.register(EngineWebSocketProvider(configuration: configuration))
/// // handshakes now advertise "upgrades":["websocket"], and ?transport=websocket is served
/// ```
///
/// The engine has already checked the Engine.IO side of the request (`EIO`, `transport`, `sid`); this
/// checks the RFC 6455 side and, on `101`, hands the engine a transport that is ready to send. The engine
/// then makes it either the transport of a new WebSocket-only session (whose `open` packet is the first
/// frame) or the probe of an upgrade from polling.
package final class EngineWebSocketProvider: EngineUpgradeProvider {
    package let kind = EngineTransportKind.websocket
    /// The settings of every Engine.IO WebSocket.
    package let socketConfiguration: WebSocketConnection.Configuration
    /// Compresses for every socket of this engine, which all live on its loop; `nil` without permessage-deflate.
    package let compressor: WebSocketCompressor?

    /// A provider whose sockets accept messages up to the engine's `maxPayload` (Node's `maxHttpBufferSize`
    /// is also its `ws` server's `maxPayload`): a bigger one closes the socket with `1009`. No WebSocket
    /// pings: the Engine.IO heartbeat (`2` / `3` packets) already proves the peer alive. Compression follows
    /// the engine's `perMessageDeflate`; a compressed message is bounded by `maxPayload` once inflated, too.
    package convenience init(configuration: EngineConfiguration) {
        let limits = WebSocketStateMachine.Configuration(
            maxFrameSize: configuration.maxPayload, maxMessageSize: configuration.maxPayload)
        self.init(
            socketConfiguration: WebSocketConnection.Configuration(
                limits: limits, perMessageDeflate: configuration.perMessageDeflate))
    }

    /// A provider with explicit WebSocket settings (limits, close timeout, pings, compression).
    package init(socketConfiguration: WebSocketConnection.Configuration) {
        self.socketConfiguration = socketConfiguration
        compressor = socketConfiguration.perMessageDeflate.map { WebSocketCompressor(threshold: $0.threshold) }
    }

    package func upgrade(
        _ request: HTTPRequest, context: RequestContext, accept: @escaping (any EngineTransport) -> Void
    ) -> HTTPReply {
        WebSocketUpgrade.reply(to: request, configuration: socketConfiguration, compressor: compressor) { socket in
            accept(EngineWebSocketTransport(socket: socket))
        }
    }
}
