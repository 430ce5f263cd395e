// SPDX-License-Identifier: MIT

import SIOEngineIO

/// The client side of the opening handshake (RFC 6455 §4.1): build the upgrade request and check the
/// server's answer.
///
/// The client picks 16 random bytes, sends them base64-encoded as `Sec-WebSocket-Key`, and accepts the
/// connection only if the server answers `101` with the matching `Sec-WebSocket-Accept`. The random key
/// is what stops a cache or a confused server from replaying an old answer.
///
/// ```swift
/// let handshake = WebSocketClientHandshake()
/// connection.write(handshake.encodedRequest(path: "/engine.io/?EIO=4&transport=websocket", host: "localhost:3000"))
/// // ... parse the response head, then:
/// try handshake.verify(status: response.status, headers: response.headers)
/// ```
package struct WebSocketClientHandshake: Sendable {
    /// Why the server's response does not complete the handshake (§4.1, "the client MUST validate the
    /// server's response"). The raw value is a short text for logs.
    package enum Failure: String, Error, Sendable, Hashable {
        case notSwitchingProtocols = "the status code is not 101"
        case upgradeNotWebSocket = "the Upgrade header is not websocket"
        case connectionLacksUpgrade = "the Connection header does not contain the upgrade token"
        case wrongAcceptKey = "Sec-WebSocket-Accept does not match the key we sent"
        case unexpectedExtension = "the server selected an extension we did not offer"
        case unexpectedSubprotocol = "the server selected a subprotocol we did not offer"
    }

    /// The `Sec-WebSocket-Key` we send: 16 bytes in base64, 24 characters.
    package let key: String
    /// Whether the request offers permessage-deflate (RFC 7692), as browsers do: `permessage-deflate;
    /// client_max_window_bits`. Then the response may accept it.
    package var offersPerMessageDeflate = false

    /// A handshake with a given key; tests use fixed bytes to get fixed output.
    package init(keyBytes: [UInt8]) {
        // Test vectors and `init()`'s random 16 bytes only; nothing from the network.
        precondition(keyBytes.count == 16, "the key is 16 bytes (RFC 6455 §4.1 item 7)")
        key = Base64.encode(keyBytes)
    }

    /// A handshake with a key drawn from `generator` (§4.1 item 7: "randomly selected").
    package init(using generator: inout some RandomNumberGenerator) {
        self.init(keyBytes: (0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }

    /// A handshake with a key from the system's random number generator.
    package init() {
        var generator = SystemRandomNumberGenerator()
        self.init(using: &generator)
    }

    /// The `Sec-WebSocket-Accept` value a correct server answers with.
    package var expectedAcceptKey: String { WebSocketHandshake.acceptKey(for: key) }

    /// The request's header fields, in order (§4.1 items 4 to 9).
    package func requestHeaders(host: String) -> [(name: String, value: String)] {
        [
            ("Host", host),
            ("Upgrade", "websocket"),
            ("Connection", "Upgrade"),
            ("Sec-WebSocket-Key", key),
            ("Sec-WebSocket-Version", WebSocketHandshake.version),
        ] + (offersPerMessageDeflate ? [("Sec-WebSocket-Extensions", PerMessageDeflate.name + "; client_max_window_bits")] : [])
    }

    /// The whole request head, ready to write: `GET <path> HTTP/1.1`, the fields, and an empty line.
    ///
    /// - Parameters:
    ///   - path: the request target, such as `/engine.io/?EIO=4&transport=websocket` (§4.1 item 3).
    ///   - host: `host` or `host:port` (§4.1 item 4).
    ///   - additionalHeaders: more fields, such as `Origin` (§4.1 item 8), sent after the required ones.
    package func encodedRequest(
        path: String, host: String, additionalHeaders: [(name: String, value: String)] = []
    ) -> [UInt8] {
        var head = "GET \(path) HTTP/1.1\r\n"
        for field in requestHeaders(host: host) + additionalHeaders {
            head += "\(field.name): \(field.value)\r\n"
        }
        head += "\r\n"
        return Array(head.utf8)
    }

    /// Checks the server's response, rule by rule as §4.1 lists them ("the client MUST Fail the WebSocket
    /// Connection" if any does not hold).
    ///
    /// - Throws: the first rule that does not hold.
    package func verify(
        status: Int, headers: some Sequence<(name: String, value: String)>
    ) throws(Failure) {
        var upgrades: [String] = []
        var connectionTokens: [String] = []
        var accepts: [Substring] = []
        var extensions: [String] = []
        var subprotocols: [String] = []
        for field in headers {
            switch field.name.lowercased() {
            case "upgrade": upgrades.append(WebSocketHandshake.trimmed(field.value).lowercased())
            case "connection": connectionTokens += WebSocketHandshake.tokens(in: field.value)
            case "sec-websocket-accept": accepts.append(WebSocketHandshake.trimmed(field.value))
            case "sec-websocket-extensions": extensions += WebSocketHandshake.tokens(in: field.value)
            case "sec-websocket-protocol": subprotocols += WebSocketHandshake.tokens(in: field.value)
            default: break
            }
        }

        // Rule 1: "If the status code received from the server is not 101, the client handles the response
        // per HTTP procedures": for us, the handshake failed.
        guard status == 101 else { throw .notSwitchingProtocols }
        // Rule 2: an |Upgrade| field whose value is "websocket", case-insensitive.
        guard upgrades == ["websocket"] else { throw .upgradeNotWebSocket }
        // Rule 3: a |Connection| field with the token "Upgrade", case-insensitive.
        guard connectionTokens.contains("upgrade") else { throw .connectionLacksUpgrade }
        // Rule 4: |Sec-WebSocket-Accept| equal to base64(SHA-1(key + GUID)), compared exactly.
        guard accepts.count == 1, accepts.first == Substring(expectedAcceptKey) else { throw .wrongAcceptKey }
        // Rule 5: no extension we did not offer; we offer permessage-deflate at most.
        guard extensions.isEmpty || (offersPerMessageDeflate && extensions.count == 1
            && PerMessageDeflate.extensions(in: extensions[0]).first?.name == PerMessageDeflate.name)
        else { throw .unexpectedExtension }
        // Rule 6: no subprotocol we did not offer; we offer none.
        guard subprotocols.isEmpty else { throw .unexpectedSubprotocol }
    }
}
