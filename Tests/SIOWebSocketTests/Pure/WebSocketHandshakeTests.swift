// SPDX-License-Identifier: MIT

import Testing

@testable import SIOWebSocket
import SIOTestSupport

struct WebSocketHandshakeTests {
    typealias Fields = [(name: String, value: String)]

    /// The request of RFC 6455 §1.2, which every rule case below changes in one place.
    static let valid: Fields = [
        ("Host", "server.example.com"),
        ("Upgrade", "websocket"),
        ("Connection", "Upgrade"),
        ("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="),
        ("Origin", "http://example.com"),
        ("Sec-WebSocket-Version", "13"),
    ]

    /// `valid` with the field `name` removed (`value == nil`), replaced, or added twice (`duplicate`).
    static func request(_ name: String, _ value: String?, duplicate: Bool = false) -> Fields {
        var fields = valid.filter { $0.name != name || duplicate }
        if let value { fields.append((name, value)) }
        return fields
    }

    static let rfcAccept = WebSocketHandshake.Decision.accept(acceptKey: "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
    static let badKey = WebSocketHandshake.Decision.reject(status: 400, reason: .invalidKey)

    @Test("computes the accept key of RFC 6455 §1.3")
    func rfcAcceptKey() {
        #expect(WebSocketHandshake.acceptKey(for: "dGhlIHNhbXBsZSBub25jZQ==") == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
    }

    @Test("accepts the RFC 6455 §1.2 request with 101 and the three response fields")
    func acceptsTheRFCRequest() {
        let decision = WebSocketHandshake.evaluate(method: "GET", version: (1, 1), headers: Self.valid)
        #expect(decision == Self.rfcAccept)
        #expect(decision.status == 101)
        #expect(decision.responseHeaders.map(\.name) == ["Upgrade", "Connection", "Sec-WebSocket-Accept"])
        #expect(decision.responseHeaders.map(\.value) == ["websocket", "Upgrade", "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="])
    }

    /// One row per rule of RFC 6455 §4.2.1, each changing the valid request in one place.
    @Test(
        "applies the rules of RFC 6455 §4.2.1 one at a time",
        arguments: [
            // Rule 2: Host, exactly once.
            (request("Host", nil), .reject(status: 400, reason: .missingHost)),
            (request("Host", "other.example.com", duplicate: true), .reject(status: 400, reason: .missingHost)),
            // Rule 3: Upgrade contains the token websocket, in any case.
            (request("Upgrade", nil), .reject(status: 400, reason: .upgradeNotWebSocket)),
            (request("Upgrade", "h2c"), .reject(status: 400, reason: .upgradeNotWebSocket)),
            (request("Upgrade", "WebSocket"), rfcAccept),
            (request("Upgrade", "h2c, websocket"), rfcAccept),
            // Rule 4: Connection contains the token Upgrade, in any case, among others.
            (request("Connection", nil), .reject(status: 400, reason: .connectionLacksUpgrade)),
            (request("Connection", "keep-alive"), .reject(status: 400, reason: .connectionLacksUpgrade)),
            (request("Connection", "keep-alive, Upgrade"), rfcAccept),
            (request("Connection", "UPGRADE"), rfcAccept),
            // Rule 5: the key is the base64 form of 16 bytes, sent once.
            (request("Sec-WebSocket-Key", nil), badKey),
            (request("Sec-WebSocket-Key", "not base64 at all!!!!!!!"), badKey),
            (request("Sec-WebSocket-Key", "AAECAwQFBgcICQoLDA0O"), badKey),  // 15 bytes
            (request("Sec-WebSocket-Key", "AAECAwQFBgcICQoLDA0ODxA="), badKey),  // 17 bytes
            (request("Sec-WebSocket-Key", "AAECAwQFBgcICQoLDA0ODw==", duplicate: true), badKey),  // twice
            // Rule 6: version 13, else 426.
            (request("Sec-WebSocket-Version", nil), .upgradeRequired),
            (request("Sec-WebSocket-Version", "8"), .upgradeRequired),
            (request("Sec-WebSocket-Version", "13", duplicate: true), .upgradeRequired),
            (request("Sec-WebSocket-Version", " 13 "), rfcAccept),
            // Names compare without case; optional fields may be missing.
            (Self.valid.map { ($0.name.lowercased(), $0.value) }, rfcAccept),
            (request("Origin", nil), rfcAccept),
        ] as [(Fields, WebSocketHandshake.Decision)])
    func headerRules(headers: Fields, expected: WebSocketHandshake.Decision) {
        #expect(WebSocketHandshake.evaluate(method: "GET", version: (1, 1), headers: headers) == expected)
    }

    @Test("rule 1: requires GET, case-sensitive, over HTTP/1.1 or later")
    func requestLine() {
        let evaluate = { (method: String, major: Int, minor: Int) in
            WebSocketHandshake.evaluate(method: method, version: (major, minor), headers: Self.valid)
        }
        #expect(evaluate("POST", 1, 1) == .reject(status: 400, reason: .methodNotGET))
        #expect(evaluate("get", 1, 1) == .reject(status: 400, reason: .methodNotGET))
        #expect(evaluate("GET", 1, 0) == .reject(status: 400, reason: .httpVersionTooOld))
        #expect(evaluate("GET", 2, 0) == Self.rfcAccept)
    }

    @Test("answers an unknown version with 426 and Sec-WebSocket-Version: 13 (RFC 6455 §4.4)")
    func upgradeRequiredResponse() {
        let decision = WebSocketHandshake.Decision.upgradeRequired
        #expect(decision.status == 426)
        #expect(decision.responseHeaders.map(\.name) == ["Upgrade", "Connection", "Sec-WebSocket-Version"])
        #expect(decision.responseHeaders.last?.value == "13")
        #expect(WebSocketHandshake.Decision.reject(status: 400, reason: .invalidKey).responseHeaders.isEmpty)
    }

    // MARK: Client side (§4.1)

    /// The RFC's sample key is the base64 form of the 16 ASCII bytes "the sample nonce".
    static let client = WebSocketClientHandshake(keyBytes: Array("the sample nonce".utf8))

    static let goodResponse: Fields = [
        ("Upgrade", "websocket"), ("Connection", "Upgrade"), ("Sec-WebSocket-Accept", "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="),
    ]

    @Test("builds the request head with the key and version 13")
    func clientRequest() {
        #expect(Self.client.key == "dGhlIHNhbXBsZSBub25jZQ==")
        let request = Self.client.encodedRequest(path: "/chat", host: "server.example.com")
        let head = String(decoding: request, as: UTF8.self)
        #expect(
            head == "GET /chat HTTP/1.1\r\nHost: server.example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
    }

    @Test("draws a fresh 24-character key for each handshake")
    func randomKeys() {
        var generator = SplitMix64(seed: 42)
        let first = WebSocketClientHandshake(using: &generator)
        let second = WebSocketClientHandshake(using: &generator)
        #expect(first.key.utf8.count == 24)
        #expect(first.key != second.key)
        #expect(
            WebSocketHandshake.evaluate(
                method: "GET", version: (1, 1), headers: Self.request("Sec-WebSocket-Key", first.key))
                == .accept(acceptKey: first.expectedAcceptKey))
    }

    @Test("accepts the server's answer when every rule of RFC 6455 §4.1 holds")
    func clientAccepts() {
        #expect(throws: Never.self) { try Self.client.verify(status: 101, headers: Self.goodResponse) }
    }

    @Test(
        "refuses the server's answer when one rule of RFC 6455 §4.1 fails",
        arguments: [
            (200, goodResponse, .notSwitchingProtocols),
            (101, goodResponse.filter { $0.name != "Upgrade" }, .upgradeNotWebSocket),
            (101, goodResponse.filter { $0.name != "Connection" }, .connectionLacksUpgrade),
            (101, goodResponse.filter { $0.name != "Sec-WebSocket-Accept" }, .wrongAcceptKey),
            (101, goodResponse.dropLast() + [("Sec-WebSocket-Accept", "s3pPLMBiTxaQ9kYGzzhZRbK+xOo")], .wrongAcceptKey),
            (101, goodResponse + [("Sec-WebSocket-Extensions", "permessage-deflate")], .unexpectedExtension),
            (101, goodResponse + [("Sec-WebSocket-Protocol", "chat")], .unexpectedSubprotocol),
        ] as [(Int, Fields, WebSocketClientHandshake.Failure)])
    func clientRefuses(status: Int, headers: Fields, failure: WebSocketClientHandshake.Failure) {
        #expect(throws: failure) { try Self.client.verify(status: status, headers: headers) }
    }
}
