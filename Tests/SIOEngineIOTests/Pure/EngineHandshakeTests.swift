// SPDX-License-Identifier: MIT

import Testing

@testable import SIOEngineIO

struct EngineHandshakeTests {
    // MARK: - The open packet

    @Test("writes the open packet with Node's keys, order and numbers")
    func openPacketBytes() {
        let packet = EngineHandshake.openPacket(
            sessionID: SessionID(rawValue: "lv_VI97HAXpY6yYWAAAC"), upgrades: [.websocket],
            configuration: EngineConfiguration())
        #expect(
            packet.encodedText()
                == #"0{"sid":"lv_VI97HAXpY6yYWAAAC","upgrades":["websocket"],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}"#
        )
    }

    @Test("writes the test suite's settings and an empty upgrade list for a WebSocket session")
    func openPacketTestSuiteSettings() {
        var configuration = EngineConfiguration()
        configuration.pingInterval = .milliseconds(300)
        configuration.pingTimeout = .milliseconds(200)
        let packet = EngineHandshake.openPacket(
            sessionID: SessionID(rawValue: "x"), upgrades: [], configuration: configuration)
        #expect(
            packet.encodedText()
                == #"0{"sid":"x","upgrades":[],"pingInterval":300,"pingTimeout":200,"maxPayload":1000000}"#)
    }

    @Test("escapes a custom session id in the open packet")
    func openPacketEscapesSid() {
        let packet = EngineHandshake.openPacket(
            sessionID: SessionID(rawValue: "a\"b"), upgrades: [], configuration: EngineConfiguration())
        #expect(packet.encodedText().hasPrefix(#"0{"sid":"a\"b","#))
    }

    @Test("offers websocket to polling sessions only once WebSocket is registered and allowed")
    func upgradeList() {
        var configuration = EngineConfiguration()
        func upgrades(_ transport: EngineTransportKind, _ registered: Set<EngineTransportKind>) -> [EngineTransportKind]
        {
            EngineHandshake.upgrades(for: transport, configuration: configuration, registeredTransports: registered)
        }
        #expect(upgrades(.polling, [.polling]) == [])
        #expect(upgrades(.polling, [.polling, .websocket]) == [.websocket])
        #expect(upgrades(.websocket, [.polling, .websocket]) == [])
        configuration.allowUpgrades = false
        #expect(upgrades(.polling, [.polling, .websocket]) == [])
        configuration.allowUpgrades = true
        configuration.transports = [.polling]
        #expect(upgrades(.polling, [.polling, .websocket]) == [])
    }

    @Test("defaults to Node's settings and always ends the path with a slash")
    func configurationDefaults() {
        var configuration = EngineConfiguration()
        #expect(configuration.path == "/engine.io/")
        #expect(configuration.pingInterval == .seconds(25))
        #expect(configuration.pingTimeout == .seconds(20))
        #expect(configuration.upgradeTimeout == .seconds(10))
        #expect(configuration.maxPayload == 1_000_000)
        #expect(configuration.maxPacketsPerPayload == 16)
        #expect(configuration.transports == [.polling, .websocket])
        #expect(configuration.cors == nil)
        configuration.path = "/socket.io"
        #expect(configuration.path == "/socket.io/")
        configuration.path = "/custom/"
        #expect(configuration.path == "/custom/")
    }

    // MARK: - Request validation

    /// One request: method, query string as on the wire, and how it arrived.
    struct Row: Sendable, CustomTestStringConvertible {
        var name: String
        var method: String
        var query: String
        var isUpgrade = false
        var origin: String?
        var registered: Set<EngineTransportKind> = [.polling, .websocket]
        var expected: Result<EngineRoute, EngineError>

        var testDescription: String { name }

        var request: EngineRequest {
            let items = query.split(separator: "&").map { item in
                let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                return (name: String(parts[0]), value: parts.count > 1 ? String(parts[1]) : "")
            }
            let headers = origin.map { [(name: "Origin", value: $0)] } ?? []
            return EngineRequest(method: method, query: items, headers: headers, isUpgrade: isUpgrade)
        }
    }

    /// Live sessions: one still on polling, one upgraded to WebSocket.
    static let sessions: [SessionID: EngineTransportKind] = [
        SessionID(rawValue: "POLL"): .polling, SessionID(rawValue: "WS"): .websocket,
    ]

    static let poll = SessionID(rawValue: "POLL")
    static let ws = SessionID(rawValue: "WS")
    static let mismatch = EngineError.badRequest(.transportMismatch)
    static let handshakeError = EngineError.badRequest(.transportHandshakeError)

    static let rows: [Row] = [
        // Handshakes.
        Row(
            name: "polling handshake", method: "GET", query: "EIO=4&transport=polling",
            expected: .success(.handshake(.polling))),
        Row(
            name: "websocket handshake", method: "GET", query: "EIO=4&transport=websocket", isUpgrade: true,
            expected: .success(.handshake(.websocket))),
        Row(
            name: "cache buster ignored", method: "GET", query: "EIO=4&transport=polling&t=N8hyd6w",
            expected: .success(.handshake(.polling))),
        Row(
            name: "empty sid is a handshake", method: "GET", query: "EIO=4&transport=polling&sid=",
            expected: .success(.handshake(.polling))),
        Row(
            name: "last duplicate parameter wins", method: "GET", query: "EIO=4&transport=websocket&transport=polling",
            expected: .success(.handshake(.polling))),
        // 0: transport.
        Row(name: "0: transport missing", method: "GET", query: "EIO=4", expected: .failure(.unknownTransport)),
        Row(
            name: "0: transport unknown", method: "GET", query: "EIO=4&transport=abc",
            expected: .failure(.unknownTransport)),
        Row(
            name: "0: webtransport over HTTP", method: "GET", query: "EIO=4&transport=webtransport",
            expected: .failure(.unknownTransport)),
        Row(
            name: "0: websocket not registered yet (step 2)", method: "GET", query: "EIO=4&transport=websocket",
            isUpgrade: true, registered: [.polling], expected: .failure(.unknownTransport)),
        Row(
            name: "0: checked before EIO", method: "GET", query: "transport=abc",
            expected: .failure(.unknownTransport)),
        Row(
            name: "0: checked before sid", method: "POST", query: "transport=abc&sid=nope",
            expected: .failure(.unknownTransport)),
        // 5: protocol version, checked last.
        Row(
            name: "5: EIO missing", method: "GET", query: "transport=polling",
            expected: .failure(.unsupportedProtocolVersion)),
        Row(
            name: "5: EIO=abc", method: "GET", query: "EIO=abc&transport=polling",
            expected: .failure(.unsupportedProtocolVersion)),
        Row(
            name: "5: EIO=3", method: "GET", query: "EIO=3&transport=polling",
            expected: .failure(.unsupportedProtocolVersion)),
        // 2: handshake method.
        Row(
            name: "2: POST handshake", method: "POST", query: "EIO=4&transport=polling",
            expected: .failure(.badHandshakeMethod)),
        Row(
            name: "2: PUT handshake", method: "PUT", query: "EIO=4&transport=polling",
            expected: .failure(.badHandshakeMethod)),
        Row(
            name: "2: checked before EIO", method: "POST", query: "transport=polling",
            expected: .failure(.badHandshakeMethod)),
        // 3: bad request.
        Row(
            name: "3: websocket without Upgrade", method: "GET", query: "EIO=4&transport=websocket",
            expected: .failure(handshakeError)),
        Row(
            name: "3: Upgrade for polling", method: "GET", query: "EIO=4&transport=polling", isUpgrade: true,
            expected: .failure(handshakeError)),
        Row(
            name: "3: control character in Origin", method: "GET", query: "EIO=4&transport=polling",
            origin: "http://a\u{01}b", expected: .failure(.badRequest(.invalidOrigin))),
        Row(
            name: "3: Origin checked before sid", method: "GET", query: "transport=polling&sid=nope", origin: "x\u{7F}",
            expected: .failure(.badRequest(.invalidOrigin))),
        Row(
            name: "tab and non-ASCII allowed in Origin", method: "GET", query: "EIO=4&transport=polling",
            origin: "http://é\tx", expected: .success(.handshake(.polling))),
        // 1: session id.
        Row(
            name: "1: unknown sid", method: "GET", query: "EIO=4&transport=polling&sid=nope",
            expected: .failure(.unknownSessionID)),
        Row(
            name: "1: unknown sid on upgrade", method: "GET", query: "EIO=4&transport=websocket&sid=nope",
            isUpgrade: true, expected: .failure(.unknownSessionID)),
        // Existing sessions.
        Row(
            name: "poll GET for a session", method: "GET", query: "EIO=4&transport=polling&sid=POLL",
            expected: .success(.session(poll, .polling))),
        Row(
            name: "POST for a session", method: "POST", query: "EIO=4&transport=polling&sid=POLL",
            expected: .success(.session(poll, .polling))),
        Row(
            name: "EIO is only checked at the handshake", method: "GET", query: "transport=polling&sid=POLL",
            expected: .success(.session(poll, .polling))),
        Row(
            name: "3: polling after the upgrade", method: "GET", query: "EIO=4&transport=polling&sid=WS",
            expected: .failure(mismatch)),
        Row(
            name: "3: websocket without Upgrade for a polling session", method: "GET",
            query: "EIO=4&transport=websocket&sid=POLL", expected: .failure(mismatch)),
        Row(
            name: "3: websocket without Upgrade for a session", method: "GET",
            query: "EIO=4&transport=websocket&sid=WS", expected: .failure(handshakeError)),
        Row(
            name: "3: Upgrade for polling with a sid", method: "GET", query: "EIO=4&transport=polling&sid=POLL",
            isUpgrade: true, expected: .failure(handshakeError)),
        // Upgrades.
        Row(
            name: "upgrade of a polling session", method: "GET", query: "EIO=4&transport=websocket&sid=POLL",
            isUpgrade: true, expected: .success(.upgrade(poll, to: .websocket))),
        Row(
            name: "second WebSocket is left to the state machine", method: "GET",
            query: "EIO=4&transport=websocket&sid=WS",
            isUpgrade: true, expected: .success(.upgrade(ws, to: .websocket))),
    ]

    @Test("validates requests in Node's order of checks", arguments: rows)
    func validates(row: Row) {
        let result = EngineHandshake.route(
            row.request, configuration: EngineConfiguration(), registeredTransports: row.registered
        ) { Self.sessions[$0] }
        #expect(result == row.expected)
    }

    @Test("refuses a transport disabled in the configuration")
    func disabledTransport() {
        var configuration = EngineConfiguration()
        configuration.transports = [.websocket]
        let request = EngineRequest(method: "GET", query: [("EIO", "4"), ("transport", "polling")])
        let result = EngineHandshake.route(
            request, configuration: configuration, registeredTransports: [.polling, .websocket]
        ) { _ in nil }
        #expect(result == .failure(.unknownTransport))
    }

    @Test("runs allowRequest on handshakes only, after the method check and before the EIO check")
    func allowRequestHook() {
        var configuration = EngineConfiguration()
        configuration.allowRequest = { request in
            request.header("origin") == "https://good.example" ? .accept : .reject(message: "origin \"refused\"")
        }
        func route(_ method: String, _ query: [(name: String, value: String)], origin: String) -> Result<
            EngineRoute, EngineError
        > {
            let request = EngineRequest(method: method, query: query, headers: [("Origin", origin)])
            return EngineHandshake.route(request, configuration: configuration, registeredTransports: [.polling]) {
                Self.sessions[$0]
            }
        }
        let handshake: [(name: String, value: String)] = [("EIO", "4"), ("transport", "polling")]
        #expect(route("GET", handshake, origin: "https://good.example") == .success(.handshake(.polling)))
        let refused = route("GET", handshake, origin: "https://evil.example")
        #expect(refused == .failure(.forbidden(message: "origin \"refused\"")))
        #expect((try? refused.get()) == nil)
        if case .failure(let error) = refused {
            #expect(error.jsonBody == #"{"code":4,"message":"origin \"refused\""}"#)
            #expect(error.httpStatusCode == 403)
        }
        #expect(
            route("GET", [("transport", "polling")], origin: "https://evil.example")
                == .failure(.forbidden(message: "origin \"refused\"")))
        #expect(route("POST", handshake, origin: "https://evil.example") == .failure(.badHandshakeMethod))
        #expect(
            route("GET", handshake + [("sid", "POLL")], origin: "https://evil.example")
                == .success(.session(SessionID(rawValue: "POLL"), .polling)))
    }

    @Test("refuses a handshake with 403 Too many sessions once maxSessions are open, and still serves open sessions")
    func sessionLimit() {
        var configuration = EngineConfiguration()
        configuration.maxSessions = 2
        func route(_ query: [(name: String, value: String)], open: Int) -> Result<EngineRoute, EngineError> {
            EngineHandshake.route(
                EngineRequest(method: "GET", query: query, headers: []), configuration: configuration,
                registeredTransports: [.polling], openSessions: open
            ) { Self.sessions[$0] }
        }
        let handshake: [(name: String, value: String)] = [("EIO", "4"), ("transport", "polling")]
        #expect(route(handshake, open: 1) == .success(.handshake(.polling)))
        let refused = route(handshake, open: 2)
        #expect(refused == .failure(.forbidden(message: "Too many sessions")))
        if case .failure(let error) = refused {
            #expect(error.jsonBody == #"{"code":4,"message":"Too many sessions"}"#)
            #expect(error.httpStatusCode == 403)
        }
        #expect(route(handshake + [("sid", "POLL")], open: 2) == .success(.session(SessionID(rawValue: "POLL"), .polling)))
    }
}
