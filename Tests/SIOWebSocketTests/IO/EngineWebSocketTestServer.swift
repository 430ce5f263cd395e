// SPDX-License-Identifier: MIT

import SIOEngineIO
import SIOHTTP
import SIOTestSupport
import SIOWebSocket

/// An HTTP server on port 0 with an Engine.IO echo at `/engine.io/`, WebSocket registered; with `loops` > 1,
/// one per loop behind one port (`HTTPServerGroup`), new connections dealt to the loops in turn.
struct EngineWebSocketTestServer {
    let server: TestServer
    let echo = RecordingEngineEcho()

    init(loops: Int = 1, _ configure: (inout EngineConfiguration) -> Void = { _ in }) throws {
        var configuration = EngineConfiguration()
        configure(&configuration)
        let echo = echo
        let frozen = configuration
        server = try TestServer(loops: loops) { http in
            let engine = EngineServer(configuration: frozen, http: http)
            engine.delegate = echo
            engine.register(EngineWebSocketProvider(configuration: frozen))
        }
    }

    func stop() { server.stop() }

    /// A WebSocket on `/engine.io/`; `sid` makes it an upgrade probe of that session.
    func webSocket(sid: String? = nil) throws -> WebSocketClient {
        let query = sid.map { "&sid=\($0)" } ?? ""
        return try WebSocketClient(port: server.port, path: "/engine.io/?EIO=4&transport=websocket\(query)")
    }

    /// Opens a polling session; returns its id and the open packet.
    func pollingHandshake() throws -> (sid: String, open: String) {
        let open = try server.request("GET", "/engine.io/?EIO=4&transport=polling").text
        return (try sessionID(in: open), open)
    }

    /// A long-poll `GET` sent but not read yet: the caller reads the response when it expects one.
    func startPoll(_ sid: String) throws -> RawClient {
        let client = try server.client()
        try client.send("GET /engine.io/?EIO=4&transport=polling&sid=\(sid) HTTP/1.1\r\nHost: x\r\n\r\n")
        return client
    }

    func poll(_ sid: String) throws -> TestResponse {
        try server.request("GET", "/engine.io/?EIO=4&transport=polling&sid=\(sid)")
    }

    func post(_ sid: String, _ text: String) throws -> TestResponse {
        try server.request("POST", "/engine.io/?EIO=4&transport=polling&sid=\(sid)", text: text)
    }
}

/// The `sid` inside an open packet.
func sessionID(in open: String) throws -> String {
    guard let start = open.range(of: "\"sid\":\"")?.upperBound, let end = open[start...].firstIndex(of: "\"") else {
        throw RawClient.Failure(description: "no sid in \(open)")
    }
    return String(open[start..<end])
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
