// SPDX-License-Identifier: MIT

import SIOConnect
import SIOHTTP
import SIOWebSocket

/// A Socket.IO client over the WebSocket transport, on the loader's event loop (RFC 6455 client
/// role, Engine.IO v4 "WebSocket transport", Socket.IO v5).
///
/// The handshake is the library's (`WebSocketClientHandshake` builds the request and checks the
/// `101`); the steady state is written for cost: frames are found in place in the loop's read
/// buffer (`ServerFrame`), and sent frames are masked into one reused buffer (`ClientFrameWriter`).
/// One client, one TCP connection, a few hundred bytes of state.
///
/// ```text
/// connect -> GET /socket.io/?EIO=4&transport=websocket (Upgrade) -> 101
///         <- 0{"sid":...}          (Engine.IO open)
///         -> 40                    (Socket.IO CONNECT to "/"; 40{"token":...} with --auth)
///         <- 40{"sid":...}         (connected: clientDidConnect)
///         <- 2 / -> 3              (heartbeat, answered here)
/// ```
final class WebSocketLoadClient: SocketIOClient, ConnectionHandler {
    private enum State { case idle, connecting, upgrading, opening, joining, connected, closed }

    let index: Int
    private let target: ServerTarget
    private let loop: EventLoop
    private unowned let delegate: any SocketIOClientDelegate
    private var state = State.idle
    private var connection: Connection?
    private var handshake: WebSocketClientHandshake?
    /// Bytes of a frame (or of the `101` head) cut by the end of a read.
    private var pending: [UInt8] = []
    /// A fragmented message being put together (servers rarely fragment; handled anyway).
    private var fragments: [UInt8] = []
    /// The reused output buffer: one masked frame at a time.
    private var output: [UInt8] = []
    private var random: SplitMix64
    /// The Socket.IO CONNECT packet: `40`, or `40{"token":...}` with `--auth` (one array shared by every client).
    private let connectPacket: [UInt8]
    private(set) var pingsAnswered = 0
    private(set) var startedAt: UInt64 = 0
    private(set) var connectedAt: UInt64 = 0

    var isConnected: Bool { state == .connected }

    init(
        index: Int, target: ServerTarget, loop: EventLoop, delegate: any SocketIOClientDelegate, seed: UInt64,
        connectPacket: [UInt8] = Array("40".utf8)
    ) {
        self.connectPacket = connectPacket
        self.index = index
        self.target = target
        self.loop = loop
        self.delegate = delegate
        random = SplitMix64(seed: seed ^ UInt64(index) &* 0x9E37_79B9)
    }

    func start() {
        guard state == .idle else { return }
        state = .connecting
        startedAt = MonotonicTime.nanoseconds()
        Connection.connect(host: target.host, port: target.port, loop: loop) { [self] result in
            switch result {
            case .failure(let error):
                finish(failure: "\(error)")
            case .success(let connection):
                guard state == .connecting else { return connection.abort() }
                self.connection = connection
                connection.setHandler(self)
                let handshake = WebSocketClientHandshake(using: &random)
                self.handshake = handshake
                state = .upgrading
                connection.write(handshake.encodedRequest(
                    path: target.requestPath(transport: "websocket"), host: target.hostHeader))
            }
        }
    }

    func send(enginePacket: [UInt8]) {
        guard state == .connected || state == .joining else { return }
        sendFrame(.text, enginePacket)
    }

    func close() {
        guard state != .closed else { return }
        state = .closed
        connection?.close()
        connection = nil
    }

    // MARK: Reading

    func connection(_ connection: Connection, didRead bytes: ArraySlice<UInt8>) {
        if pending.isEmpty {
            process(bytes)
        } else {
            pending.append(contentsOf: bytes)
            let all = pending
            pending = []
            process(all[...])
        }
    }

    func connectionDidClose(_ connection: Connection) {
        guard state != .closed else { return }
        let during = state
        finish(failure: during == .connected ? "closed by the server" : "closed by the server during the handshake (\(during))")
    }

    private func process(_ bytes: ArraySlice<UInt8>) {
        var index = bytes.startIndex
        if state == .upgrading {
            guard let headEnd = Self.endOfHead(bytes) else { return pending.append(contentsOf: bytes) }
            guard checkUpgrade(bytes[..<headEnd]) else { return }
            state = .opening
            index = headEnd
        }
        while index < bytes.endIndex, state != .closed {
            let frame: ServerFrame
            do {
                guard let next = try ServerFrame.parse(bytes, at: index) else { break }
                frame = next
            } catch {
                return finish(failure: "WebSocket: \(error)")
            }
            index = frame.payload.upperBound
            handle(frame, bytes[frame.payload])
        }
        if index < bytes.endIndex, state != .closed { pending.append(contentsOf: bytes[index...]) }
    }

    private func handle(_ frame: ServerFrame, _ payload: ArraySlice<UInt8>) {
        switch frame.opcode {
        case .text where frame.fin && fragments.isEmpty:
            enginePacket(payload)
        case .text, .continuation:
            fragments.append(contentsOf: payload)
            if frame.fin {
                let message = fragments
                fragments = []
                enginePacket(message[...])
            }
        case .binary:
            delegate.client(self, didReceiveUnexpected: "a binary frame of \(payload.count) bytes")
        case .ping:
            sendFrame(.pong, payload)
        case .pong:
            break
        case .close:
            sendFrame(.close, payload.prefix(2))
            finish(failure: "the server closed the WebSocket")
        }
    }

    /// One Engine.IO packet: the type digit, then its data.
    private func enginePacket(_ packet: ArraySlice<UInt8>) {
        guard let type = packet.first else { return delegate.client(self, didReceiveUnexpected: "an empty frame") }
        switch type {
        case UInt8(ascii: "2"):
            pingsAnswered += 1
            sendFrame(.text, CollectionOfOne(UInt8(ascii: "3")))
        case UInt8(ascii: "4"):
            socketIOPacket(packet.dropFirst())
        case UInt8(ascii: "0") where state == .opening:
            state = .joining
            sendFrame(.text, connectPacket)
        case UInt8(ascii: "1"):
            finish(failure: "the server closed the Engine.IO session")
        case UInt8(ascii: "6"):
            break
        default:
            delegate.client(self, didReceiveUnexpected: "Engine.IO packet \(String(decoding: packet.prefix(40), as: UTF8.self))")
        }
    }

    private func socketIOPacket(_ packet: ArraySlice<UInt8>) {
        if state == .joining {
            if packet.first == UInt8(ascii: "0") {
                state = .connected
                connectedAt = MonotonicTime.nanoseconds()
                delegate.clientDidConnect(self)
            } else {
                finish(failure: "CONNECT refused: \(String(decoding: packet.prefix(80), as: UTF8.self))")
            }
            return
        }
        delegate.client(self, didReceive: packet)
    }

    // MARK: Handshake

    /// The index just after the `\r\n\r\n` that ends the response head, if it has arrived.
    private static func endOfHead(_ bytes: ArraySlice<UInt8>) -> Int? {
        var index = bytes.startIndex
        while index + 3 < bytes.endIndex {
            if bytes[index] == 13, bytes[index + 1] == 10, bytes[index + 2] == 13, bytes[index + 3] == 10 {
                return index + 4
            }
            index += 1
        }
        return nil
    }

    /// Checks the `101` against RFC 6455 §4.1 with the library's handshake; fails the client if wrong.
    private func checkUpgrade(_ head: ArraySlice<UInt8>) -> Bool {
        let lines = String(decoding: head, as: UTF8.self).split(separator: "\r\n")
        let status = lines.first.flatMap { $0.split(separator: " ").dropFirst().first }.flatMap { Int($0) } ?? 0
        let headers = lines.dropFirst().compactMap { line -> (name: String, value: String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), String(line[line.index(after: colon)...].drop { $0 == " " }))
        }
        do {
            try handshake?.verify(status: status, headers: headers)
        } catch {
            finish(failure: "upgrade refused: status \(status), \(error.rawValue)")
            return false
        }
        handshake = nil
        return true
    }

    // MARK: Writing and closing

    private func sendFrame(_ opcode: WebSocketOpcode, _ payload: some Collection<UInt8>) {
        guard let connection else { return }
        output.removeAll(keepingCapacity: true)
        ClientFrameWriter.append(opcode: opcode, payload: payload, to: &output, random: &random)
        connection.write(output)
    }

    private func finish(failure reason: String) {
        guard state != .closed else { return }
        state = .closed
        connection?.close()
        connection = nil
        delegate.client(self, didFailWith: reason)
    }
}
