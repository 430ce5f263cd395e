// SPDX-License-Identifier: MIT

/// Where a valid engine request goes.
package enum EngineRoute: Sendable, Equatable {
    /// No `sid`: open a new session on this transport (a long-poll `GET`, or a WebSocket upgrade).
    case handshake(EngineTransportKind)
    /// A `GET` or `POST` for an existing session, on the session's current transport.
    case session(SessionID, EngineTransportKind)
    /// A WebSocket upgrade for an existing session: a probe transport that may replace the current one
    /// (`EngineSessionStateMachine.attachProbe`).
    case upgrade(SessionID, to: EngineTransportKind)
}

/// The handshake: request validation and the `open` packet (Engine.IO v4 spec, "Handshake").
///
/// Every engine request, handshake or not, first goes through `route`, which mirrors the order of the checks in
/// engine.io `server.ts` (`verify()`, then `handshake()`), so that a request breaking several rules gets the same
/// error code as from Node:
///
/// 1. `transport` is missing, unknown or not enabled: code 0.
/// 2. The `Origin` header holds a control character: code 3.
/// 3. With a `sid`: an unknown session is code 1; a plain request on another transport than the session's is
///    code 3 (this is how polling requests are refused after an upgrade to WebSocket).
/// 4. Without a `sid` (a handshake): a method other than `GET` is code 2; `transport=websocket` without an
///    `Upgrade` is code 3; the `allowRequest` hook may refuse with code 4; and last, `EIO` other than `4`
///    (missing included) is code 5.
///
/// Two requests that Node accepts and then drops (an `Upgrade` for `transport=polling`, answered with a closed
/// WebSocket; a plain `GET` with `transport=websocket&sid=...`, left hanging) get code 3 here instead.
/// An empty `sid` counts as no `sid`, as in JavaScript.
///
/// ```swift
/// let route = EngineHandshake.route(request, configuration: configuration, registeredTransports: [.polling]) {
///     sessions[$0]?.transport
/// }
/// ```
package enum EngineHandshake {
    /// Validates `request` and says where it goes.
    ///
    /// - Parameters:
    ///   - registeredTransports: the transports the I/O layer can serve; a transport must also be enabled in
    ///     `configuration.transports`.
    ///   - openSessions: how many sessions the server holds now; a handshake at `configuration.maxSessions` is
    ///     refused with `forbidden("Too many sessions")`.
    ///   - currentTransport: looks a session up: its current transport, or `nil` for an unknown `sid`.
    package static func route(
        _ request: EngineRequest,
        configuration: EngineConfiguration,
        registeredTransports: Set<EngineTransportKind>,
        openSessions: Int = 0,
        currentTransport: (SessionID) -> EngineTransportKind?
    ) -> Result<EngineRoute, EngineError> {
        guard let name = request.queryValue("transport"), let transport = EngineTransportKind(rawValue: name),
            configuration.transports.contains(transport), registeredTransports.contains(transport)
        else { return .failure(.unknownTransport) }

        if let origin = request.header("Origin"), containsInvalidHeaderCharacter(origin) {
            return .failure(.badRequest(.invalidOrigin))
        }

        if let sid = request.queryValue("sid"), !sid.isEmpty {
            let sessionID = SessionID(rawValue: sid)
            guard let current = currentTransport(sessionID) else { return .failure(.unknownSessionID) }
            if request.isUpgrade {
                guard transport.usesHTTPUpgrade else { return .failure(.badRequest(.transportHandshakeError)) }
                return .success(.upgrade(sessionID, to: transport))
            }
            guard current == transport else { return .failure(.badRequest(.transportMismatch)) }
            guard !transport.usesHTTPUpgrade else { return .failure(.badRequest(.transportHandshakeError)) }
            return .success(.session(sessionID, transport))
        }

        guard request.method == "GET" else { return .failure(.badHandshakeMethod) }
        guard transport.usesHTTPUpgrade == request.isUpgrade else {
            return .failure(.badRequest(.transportHandshakeError))
        }
        if let allowRequest = configuration.allowRequest, case .reject(let message) = allowRequest(request) {
            return .failure(.forbidden(message: message))
        }
        guard request.queryValue("EIO") == "4" else { return .failure(.unsupportedProtocolVersion) }
        // Node has no such limit; a Node operator writes it as an `allowRequest` that refuses, which is the answer
        // given here (403, code 4), so clients see what they would see from such a Node server and retry later.
        guard openSessions < configuration.maxSessions else { return .failure(.forbidden(message: tooManySessions)) }
        return .success(.handshake(transport))
    }

    /// The message of the `forbidden` answer to a handshake past `EngineConfiguration.maxSessions`.
    package static let tooManySessions = "Too many sessions"

    /// The transports a new session on `transport` may upgrade to: the handshake's `upgrades`
    /// (engine.io `getAvailableUpgrades`). `["websocket"]` for polling once step 3 registers WebSocket;
    /// always empty for a WebSocket session.
    package static func upgrades(
        for transport: EngineTransportKind,
        configuration: EngineConfiguration,
        registeredTransports: Set<EngineTransportKind>
    ) -> [EngineTransportKind] {
        guard configuration.allowUpgrades else { return [] }
        return transport.upgradesTo.filter {
            configuration.transports.contains($0) && registeredTransports.contains($0)
        }
    }

    /// The `open` packet, byte for byte as Node writes it (keys in this order, times in whole milliseconds):
    ///
    /// ```
    /// 0{"sid":"lv_VI97HAXpY6yYWAAAC","upgrades":["websocket"],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}
    /// ```
    package static func openPacket(
        sessionID: SessionID, upgrades: [EngineTransportKind], configuration: EngineConfiguration
    ) -> EnginePacket {
        // Appended piece by piece into one reserved string: every connection pays for this packet, and
        // interpolating several temporaries cost about as much as the rest of the session's creation.
        var json = "{\"sid\":"
        json.reserveCapacity(160)
        json += EngineJSON.quoted(sessionID.rawValue)
        json += ",\"upgrades\":["
        for (index, upgrade) in upgrades.enumerated() {
            if index > 0 { json += "," }
            json += EngineJSON.quoted(upgrade.rawValue)
        }
        json += "],\"pingInterval\":"
        json += String(EngineJSON.milliseconds(configuration.pingInterval))
        json += ",\"pingTimeout\":"
        json += String(EngineJSON.milliseconds(configuration.pingTimeout))
        json += ",\"maxPayload\":"
        json += String(configuration.maxPayload)
        json += "}"
        return EnginePacket(.open, json)
    }

    /// Node's `checkInvalidHeaderChar`: a header value may hold tab, visible ASCII and bytes from 0x80 up,
    /// but no other control character (RFC 9110 §5.5 `field-vchar` / `obs-text`).
    private static func containsInvalidHeaderCharacter(_ value: String) -> Bool {
        value.unicodeScalars.contains { scalar in
            !(scalar == "\t" || (0x20...0x7E).contains(scalar.value) || scalar.value >= 0x80)
        }
    }
}
