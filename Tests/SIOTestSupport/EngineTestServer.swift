// SPDX-License-Identifier: MIT

import Foundation
import SIOEngineIO
import SIOHTTP

/// An HTTP server on port 0 with an Engine.IO echo mounted at `/engine.io/`; with `loops` > 1, one per loop
/// behind one port (`HTTPServerGroup`). `setup` adds to each loop's engine what a later step brings (step 3
/// registers its WebSocket provider there).
public struct EngineTestServer {
    public let server: TestServer
    public let echo = RecordingEngineEcho()

    public init(
        loops: Int = 1, clock: any LoopClock = SystemClock(), _ configure: (inout EngineConfiguration) -> Void = { _ in },
        setup: @escaping (EngineServer) -> Void = { _ in }
    ) throws {
        var configuration = EngineConfiguration()
        configure(&configuration)
        let echo = echo
        let frozen = configuration
        server = try TestServer(loops: loops, clock: clock) { http in
            let engine = EngineServer(configuration: frozen, http: http)
            engine.delegate = echo
            setup(engine)
        }
    }

    public func stop() { server.stop() }

    public func get(_ query: String, headers: [(String, String)] = []) throws -> TestResponse {
        try server.request("GET", "/engine.io/?EIO=4&transport=polling\(query)", headers: headers)
    }

    public func post(_ sid: String, _ text: String, headers: [(String, String)] = []) throws -> TestResponse {
        try server.request("POST", "/engine.io/?EIO=4&transport=polling&sid=\(sid)", text: text, headers: headers)
    }

    public func poll(_ sid: String) throws -> TestResponse { try get("&sid=\(sid)") }

    /// A long-poll `GET` sent but not read yet: the caller reads the response when it expects one.
    public func startPoll(_ sid: String) throws -> RawClient {
        let client = try server.client()
        try client.send("GET /engine.io/?EIO=4&transport=polling&sid=\(sid) HTTP/1.1\r\nHost: x\r\n\r\n")
        return client
    }

    /// Opens a polling session; returns its id and the open packet.
    public func pollingHandshake() throws -> (sid: String, open: String) {
        let open = try get("").text
        return (try Self.sessionID(in: open), open)
    }

    /// Opens a polling session and returns its id.
    public func handshake() throws -> String {
        try pollingHandshake().sid
    }

    /// The `sid` inside an open packet.
    public static func sessionID(in open: String) throws -> String {
        guard let start = open.range(of: "\"sid\":\"")?.upperBound, let end = open[start...].firstIndex(of: "\"") else {
            throw RawClient.Failure(description: "no sid in \(open)")
        }
        return String(open[start..<end])
    }
}
