// SPDX-License-Identifier: MIT

import SIOEngineIO

/// The server side of the opening handshake (RFC 6455 §4.2): is this HTTP request a valid WebSocket
/// upgrade, and if so, what goes in the `101 Switching Protocols` response?
///
/// A WebSocket connection starts as an ordinary HTTP/1.1 request:
///
/// ```text
/// GET /engine.io/?EIO=4&transport=websocket HTTP/1.1
/// Host: localhost:3000
/// Upgrade: websocket
/// Connection: Upgrade
/// Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==
/// Sec-WebSocket-Version: 13
/// ```
///
/// and the server answers `101` with `Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=`, which is
/// `base64(SHA-1(key + GUID))`. The accept key proves that the server understood the request as a
/// WebSocket handshake, so a plain HTTP server (or a cache) can never be mistaken for one.
///
/// The type works on plain values so it does not depend on any HTTP library; `HTTPHeaders` from SIOHTTP
/// is a sequence of `(name:, value:)` pairs and can be passed as it is:
///
/// ```swift
/// let decision = WebSocketHandshake.evaluate(method: request.method, version: request.version,
///                                            headers: request.headers)
/// // decision.status: 101, 400 or 426; decision.responseHeaders: the fields to send with it.
/// ```
///
/// We negotiate no subprotocol (§4.2.2 item 5.4 is optional), and one extension, permessage-deflate (RFC 7692),
/// only when the server enables it (`evaluate(…, perMessageDeflate: true)`); the response then names it in
/// `Sec-WebSocket-Extensions`. Without that field the client knows that no extension is in use.
package enum WebSocketHandshake {
    /// The GUID appended to the client's key before hashing (§1.3, §4.2.2 item 5.4).
    package static let guid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
    /// The only protocol version in RFC 6455 (§4.1 item 9, §11.6).
    package static let version = "13"

    /// Why a request is not a valid upgrade. The raw value is a short text for the 400 response body.
    package enum Rejection: String, Sendable, Hashable {
        case methodNotGET = "WebSocket upgrade requires GET"
        case httpVersionTooOld = "WebSocket upgrade requires HTTP/1.1 or later"
        case missingHost = "WebSocket upgrade requires exactly one Host header"
        case upgradeNotWebSocket = "Upgrade header must contain websocket"
        case connectionLacksUpgrade = "Connection header must contain the upgrade token"
        case invalidKey = "Sec-WebSocket-Key must be the base64 form of 16 bytes"
    }

    /// What to answer the request with.
    package enum Decision: Sendable, Hashable {
        /// `101 Switching Protocols`; after it, the connection speaks WebSocket frames, compressed when `deflate`
        /// holds the agreed permessage-deflate parameters.
        case accept(acceptKey: String, deflate: PerMessageDeflate? = nil)
        /// A malformed handshake (§4.2.1: "an appropriate error code (such as 400 Bad Request)").
        case reject(status: Int, reason: Rejection)
        /// A valid upgrade for a version we do not speak (§4.2.2 item 4): 426 and the versions we do speak.
        case upgradeRequired

        /// The HTTP status of the response: 101, 400 or 426.
        package var status: Int {
            switch self {
            case .accept: 101
            case .reject(let status, _): status
            case .upgradeRequired: 426
            }
        }

        /// The header fields the response must carry, in order.
        package var responseHeaders: [(name: String, value: String)] {
            switch self {
            case .accept(let acceptKey, let deflate):
                // §4.2.2 item 5: Upgrade, Connection, and the accept key; item 5.5: the extensions in use.
                [("Upgrade", "websocket"), ("Connection", "Upgrade"), ("Sec-WebSocket-Accept", acceptKey)]
                    + (deflate.map { [("Sec-WebSocket-Extensions", $0.responseValue)] } ?? [])
            case .reject:
                []
            case .upgradeRequired:
                // RFC 9110 §15.5.22: a 426 names the protocol to upgrade to (and §7.8: with Connection: Upgrade);
                // RFC 6455 §4.4: and lists the WebSocket versions we accept.
                [("Upgrade", "websocket"), ("Connection", "Upgrade"), ("Sec-WebSocket-Version", version)]
            }
        }
    }

    /// Checks an upgrade request against RFC 6455 §4.2.1, one numbered rule at a time, in the RFC's order.
    ///
    /// - Parameters:
    ///   - method: the request method, case-sensitive (`GET`).
    ///   - version: the HTTP version, `(1, 1)` for HTTP/1.1.
    ///   - headers: every header field in order; names compare without case, and a field may repeat.
    ///   - perMessageDeflate: whether to accept a permessage-deflate offer (RFC 7692); off by default, as in Node.
    package static func evaluate(
        method: String, version: (major: Int, minor: Int), headers: some Sequence<(name: String, value: String)>,
        perMessageDeflate: Bool = false
    ) -> Decision {
        var hosts = 0
        var upgradeTokens: [String] = []
        var connectionTokens: [String] = []
        var keys: [Substring] = []
        var versions: [Substring] = []
        var extensionOffers: [Substring] = []
        for field in headers {
            switch field.name.lowercased() {
            case "host": hosts += 1
            case "upgrade": upgradeTokens += tokens(in: field.value)
            case "connection": connectionTokens += tokens(in: field.value)
            case "sec-websocket-key": keys.append(trimmed(field.value))
            case "sec-websocket-version": versions.append(trimmed(field.value))
            case "sec-websocket-extensions": extensionOffers.append(Substring(field.value))
            default: break
            }
        }

        // Rule 1: "An HTTP/1.1 or higher GET request".
        guard method == "GET" else { return .reject(status: 400, reason: .methodNotGET) }
        guard version.major > 1 || (version.major == 1 && version.minor >= 1) else {
            return .reject(status: 400, reason: .httpVersionTooOld)
        }
        // Rule 2: "A |Host| header field" (and RFC 9112 §3.2: exactly one).
        guard hosts == 1 else { return .reject(status: 400, reason: .missingHost) }
        // Rule 3: "An |Upgrade| header field containing the value "websocket"", case-insensitive.
        guard upgradeTokens.contains("websocket") else { return .reject(status: 400, reason: .upgradeNotWebSocket) }
        // Rule 4: "A |Connection| header field that includes the token "Upgrade"", case-insensitive.
        // Browsers may send more tokens, as in `Connection: keep-alive, Upgrade`.
        guard connectionTokens.contains("upgrade") else {
            return .reject(status: 400, reason: .connectionLacksUpgrade)
        }
        // Rule 5: "A |Sec-WebSocket-Key| header field with a base64-encoded value that, when decoded, is
        // 16 bytes in length", and it "MUST NOT appear more than once" (§11.3.1). 16 bytes encode to
        // exactly 24 characters, the last two being `==`.
        guard keys.count == 1, let key = keys.first, key.utf8.count == 24, Base64.decode(key)?.count == 16 else {
            return .reject(status: 400, reason: .invalidKey)
        }
        // Rule 6: "A |Sec-WebSocket-Version| header field, with a value of 13". Any other value, or none,
        // is a version we do not speak: §4.2.2 item 4 answers with 426 and the version we want.
        guard versions.count == 1, versions.first == Substring(Self.version) else { return .upgradeRequired }
        // Rules 7 to 10 (Origin, Sec-WebSocket-Protocol, Sec-WebSocket-Extensions, others) are optional; of the
        // extensions we accept the first permessage-deflate offer we can honour, if the server wants compression.
        let deflate = perMessageDeflate ? PerMessageDeflate.negotiate(offers: extensionOffers) : nil
        return .accept(acceptKey: acceptKey(for: key), deflate: deflate)
    }

    /// `base64(SHA-1(key + GUID))` (§4.2.2 item 5.4). The key is used as sent, without decoding it.
    ///
    /// ```swift
    /// WebSocketHandshake.acceptKey(for: "dGhlIHNhbXBsZSBub25jZQ==")   // "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="
    /// ```
    package static func acceptKey(for key: some StringProtocol) -> String {
        var sha = SHA1()
        sha.update(key.utf8)
        sha.update(guid.utf8)
        return Base64.encode(sha.finalize())
    }

    // MARK: - Header values

    /// The comma-separated tokens of a field value, trimmed and lowercased (RFC 9110 §5.6.1).
    static func tokens(in value: String) -> [String] {
        value.split(separator: ",").map { trimmed($0).lowercased() }.filter { !$0.isEmpty }
    }

    /// The value without leading and trailing spaces and tabs ("OWS", RFC 9110 §5.6.3).
    package static func trimmed(_ value: some StringProtocol) -> Substring {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        let start = Substring(value).drop(while: isSpace)
        return start.dropLast(start.reversed().prefix(while: isSpace).count)
    }
}
