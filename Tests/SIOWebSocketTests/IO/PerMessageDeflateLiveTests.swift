// SPDX-License-Identifier: MIT

import Foundation
import SIOEngineIO
import SIOTestSupport
@testable import SIOWebSocket
import Testing

/// permessage-deflate over a real socket: negotiated, compressed both ways, and bounded (RFC 7692).
@Suite("permessage-deflate, live")
struct PerMessageDeflateLiveTests {
    static let deflating = WebSocketConnection.Configuration(
        limits: .init(maxFrameSize: 1_000_000, maxMessageSize: 1_000_000), perMessageDeflate: CompressionSettings())
    static let offer = "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits"

    /// A raw client on `/echo` that offered permessage-deflate; returns it with the server's extension answer.
    static func deflatingRawClient(_ server: WebSocketTestServer) throws -> (RawClient, String?) {
        let client = try server.server.client()
        let headers = [
            "Host: localhost", "Upgrade: websocket", "Connection: Upgrade", "Sec-WebSocket-Key: \(sampleKey)",
            "Sec-WebSocket-Version: 13", offer,
        ]
        try client.send(upgradeRequest(headers: headers))
        let response = try client.readResponse()
        #expect(response.status == 101)
        return (client, response.header("Sec-WebSocket-Extensions"))
    }

    @Test func aServerWithoutCompressionIgnoresTheOffer() throws {
        let server = try WebSocketTestServer()
        defer { server.stop() }
        let (_, answer) = try Self.deflatingRawClient(server)
        #expect(answer == nil)
    }

    @Test func aCompressedFrameIsInflatedAndALargeAnswerComesBackCompressed() throws {
        let server = try WebSocketTestServer(Self.deflating)
        defer { server.stop() }
        let (client, answer) = try Self.deflatingRawClient(server)
        #expect(answer == "permessage-deflate; server_no_context_takeover; client_no_context_takeover")
        // RFC 7692 §7.2.3.1's "Hello": echoed uncompressed, below the 1,024-byte threshold.
        try client.send(frame: WebSocketFrame(opcode: .text, payload: hex("f248cdc9c90700"), compressed: true))
        #expect(try client.readFrame() == .text("Hello"))
        let json = Array(String(repeating: #"{"room":"lobby","text":"hello"},"#, count: 100).utf8)
        let deflater = Deflater(format: .raw(windowBits: 15))
        try client.send(frame: WebSocketFrame(opcode: .text, payload: deflater.compressMessage(json), compressed: true))
        let echoed = try client.readFrame()
        #expect(echoed.compressed)
        #expect(echoed.payload.count < json.count / 10)
        #expect(try Inflater(noContextTakeover: true).inflate(echoed.payload, limit: 1 << 20) == json)
    }

    @Test func theTestClientNegotiatesAndReadsCompressedMessages() throws {
        let server = try WebSocketTestServer(Self.deflating)
        defer { server.stop() }
        let client = try WebSocketClient(port: server.port, path: "/echo", perMessageDeflate: true)
        #expect(client.isCompressing)
        let text = String(repeating: "compress me ", count: 1000)
        try client.send(.text(text))
        #expect(try client.receive() == .message(.text(text)))
    }

    @Test func aZipBombClosesWith1009WithoutInflatingIt() throws {
        let server = try WebSocketTestServer(Self.deflating)
        defer { server.stop() }
        let (client, _) = try Self.deflatingRawClient(server)
        // 100 MB of zeros, about 100 kB compressed: within the 1 MB frame limit, a hundred times over it inflated.
        let bomb = Deflater(format: .raw(windowBits: 15)).compressMessage([UInt8](repeating: 0, count: 100_000_000))
        let before = Self.residentBytes()
        try client.send(frame: WebSocketFrame(opcode: .binary, payload: bomb, compressed: true))
        #expect(try client.readCloseCode()?.rawValue == 1009)
        // Under ThreadSanitizer or AddressSanitizer (scripts/sanitizers.sh) shadow memory grows with every access,
        // so the resident set says nothing about the bomb there; Tests/Interop/test_compression.py measures the
        // server process on its own.
        guard !Self.isSanitized else { return }
        #expect(Self.residentBytes() - before < 16_000_000)
    }

    /// Whether scripts/sanitizers.sh runs this process (it sets the sanitizer's options variable).
    static var isSanitized: Bool {
        let environment = ProcessInfo.processInfo.environment
        return environment["TSAN_OPTIONS"] != nil || environment["ASAN_OPTIONS"] != nil
    }

    /// This process's resident set (`VmRSS`), in bytes; the server runs in it.
    static func residentBytes() -> Int {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
        return (Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0) * 1024
    }
}
