// SPDX-License-Identifier: MIT

import SIOEngineIO
import SIOHTTP
import SIOTestSupport
import SIOWebSocket

extension EngineTestServer {
    /// The step-2 test server with step 3's WebSocket provider registered on every loop.
    static func withWebSocket(
        loops: Int = 1, _ configure: (inout EngineConfiguration) -> Void = { _ in }
    ) throws -> EngineTestServer {
        try EngineTestServer(loops: loops, configure) { $0.register(EngineWebSocketProvider(configuration: $0.configuration)) }
    }

    /// A WebSocket on `/engine.io/`; `sid` makes it an upgrade probe of that session.
    func webSocket(sid: String? = nil) throws -> WebSocketClient {
        let query = sid.map { "&sid=\($0)" } ?? ""
        return try WebSocketClient(port: server.port, path: "/engine.io/?EIO=4&transport=websocket\(query)")
    }
}

extension WebSocketClient {
    /// The next text message, or a failure naming what came instead.
    func receiveText() throws -> String {
        let event = try receive()
        guard case .message(.text(let text)) = event else {
            throw RawClient.Failure(description: "expected a text message, got \(event)")
        }
        return text
    }
}
