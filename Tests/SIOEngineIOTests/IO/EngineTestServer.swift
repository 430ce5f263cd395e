// SPDX-License-Identifier: MIT

import Foundation
import SIOEngineIO
import SIOHTTP
import SIOTestSupport

/// An HTTP server on port 0 with an Engine.IO echo mounted at `/engine.io/`; with `loops` > 1, one per loop
/// behind one port (`HTTPServerGroup`).
struct EngineTestServer {
    let server: TestServer
    let echo = RecordingEngineEcho()

    init(loops: Int = 1, _ configure: (inout EngineConfiguration) -> Void = { _ in }) throws {
        var configuration = EngineConfiguration()
        configure(&configuration)
        let echo = echo
        let frozen = configuration
        server = try TestServer(loops: loops) { http in
            EngineServer(configuration: frozen, http: http).delegate = echo
        }
    }

    func stop() { server.stop() }

    func get(_ query: String, headers: [(String, String)] = []) throws -> TestResponse {
        try server.request("GET", "/engine.io/?EIO=4&transport=polling\(query)", headers: headers)
    }

    func post(_ sid: String, _ text: String, headers: [(String, String)] = []) throws -> TestResponse {
        try server.request("POST", "/engine.io/?EIO=4&transport=polling&sid=\(sid)", text: text, headers: headers)
    }

    func poll(_ sid: String) throws -> TestResponse { try get("&sid=\(sid)") }

    /// Opens a session and returns its id.
    func handshake() throws -> String {
        let text = try get("").text
        guard let start = text.range(of: "\"sid\":\"")?.upperBound, let end = text[start...].firstIndex(of: "\"") else {
            throw RawClient.Failure(description: "no sid in \(text)")
        }
        return String(text[start..<end])
    }
}
