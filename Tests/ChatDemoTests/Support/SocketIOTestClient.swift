// SPDX-License-Identifier: MIT

import SIOJSON
import SIOTestSupport
import SIOWebSocket

/// A blocking Socket.IO v5 client over WebSocket for the event tests: connect (with or without a token),
/// emit, call (emit and wait for the acknowledgement), and wait for events by name.
///
/// Events that arrive while the test waits for something else are kept in order, so `next("x")` finds an
/// earlier `x`. `ping()` proves a negative without sleeping: the server answers `pong` after everything it
/// had already queued for this socket, so an event not received before the `pong` was never sent.
final class SocketIOTestClient {
    private let socket: WebSocketClient
    private var inbox: [(event: String, argument: JSON)] = []
    private var acks: [Int: [JSON]] = [:]
    private var nextAckID = 0
    /// The CONNECT answer: `{"sid":...}`, or the CONNECT_ERROR payload.
    private(set) var connectAnswer: JSON = .null
    private(set) var connected = false

    /// Connects to `/` with `{"token": token}` as the CONNECT payload (none when `token` is nil).
    init(port: Int, token: String?, timeout: Duration = .seconds(5)) throws {
        socket = try WebSocketClient(port: port, path: "/socket.io/?EIO=4&transport=websocket", timeout: timeout)
        guard case .text(let open) = try socket.receiveMessage(), open.hasPrefix("0") else {
            throw RawClient.Failure(description: "no Engine.IO open packet")
        }
        let auth = token.map { JSON.object(["token": .string($0)]).serialized() } ?? ""
        try socket.send(.text("40" + auth))
        while true {
            let text = try nextPacket()
            if text.hasPrefix("0") {
                connectAnswer = try JSON.parse(text.dropFirst())
                connected = true
                return
            }
            if text.hasPrefix("4") {
                connectAnswer = try JSON.parse(text.dropFirst())
                return
            }
        }
    }

    /// Sends an event without asking for an acknowledgement.
    func emit(_ event: String, _ argument: JSON? = nil) throws {
        try socket.send(.text("42" + packetBody(event, argument)))
    }

    /// Sends an event and returns the first argument of its acknowledgement.
    func call(_ event: String, _ argument: JSON? = nil) throws -> JSON {
        let id = nextAckID
        nextAckID += 1
        try socket.send(.text("42\(id)" + packetBody(event, argument)))
        while acks[id] == nil { try receiveOne() }
        return acks.removeValue(forKey: id)?.first ?? .null
    }

    /// The first argument of the next `event` (earlier ones first); other events are kept.
    func next(_ event: String) throws -> JSON {
        while true {
            if let index = inbox.firstIndex(where: { $0.event == event }) { return inbox.remove(at: index).argument }
            try receiveOne()
        }
    }

    /// Every event received until the server's `pong`, in order (the inbox is emptied).
    func drain() throws -> [(event: String, argument: JSON)] {
        _ = try call("ping", [:])
        _ = try next("pong")
        defer { inbox = [] }
        return inbox
    }

    /// The names of the events received until the server's `pong`.
    func eventNames() throws -> [String] { try drain().map(\.event) }

    /// Waits for the server to close the connection (or disconnect the namespace).
    func waitUntilDisconnected() throws {
        while true {
            switch try socket.receive() {
            case .closed: return
            case .message(.text(let text)) where text == "1" || text.hasPrefix("41"): return
            case .message(.text(let text)) where text == "2": try socket.send(.text("3"))
            case .message: continue
            }
        }
    }

    func close() {
        _ = try? socket.send(.text("41"))
        _ = try? socket.close()
    }

    private func packetBody(_ event: String, _ argument: JSON?) -> String {
        JSON.array([.string(event)] + (argument.map { [$0] } ?? [])).serialized()
    }

    /// The next Socket.IO packet text (Engine.IO pings are answered on the way).
    private func nextPacket() throws -> String {
        while true {
            guard case .text(let text) = try socket.receiveMessage() else { continue }
            if text == "2" {
                try socket.send(.text("3"))
                continue
            }
            guard text.hasPrefix("4") else { continue }
            return String(text.dropFirst())
        }
    }

    private func receiveOne() throws {
        let text = try nextPacket()
        let type = text.first
        var rest = text.dropFirst()
        let digits = rest.prefix { $0.isNumber }
        rest = rest.dropFirst(digits.count)
        let arguments = try JSON.parse(rest).arrayValue ?? []
        if type == "3", let id = Int(digits) {
            acks[id] = arguments
        } else if type == "2", let name = arguments.first?.stringValue {
            inbox.append((name, arguments.dropFirst().first ?? .null))
        }
    }
}
