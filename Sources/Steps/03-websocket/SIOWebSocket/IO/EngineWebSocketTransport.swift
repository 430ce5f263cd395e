// SPDX-License-Identifier: MIT

import SIOEngineIO
import SIOHTTP

/// The Engine.IO websocket transport (Engine.IO v4 spec, "Packet encoding > WebSocket"; engine.io
/// `transports/websocket.ts`): one packet per WebSocket message.
///
/// ```text
/// text frame    "4hello"          a message packet: the type digit, then the text
/// text frame    "2"  /  "3probe"  any other packet, the same way
/// binary frame  01 02 03 04       a binary message packet: the raw bytes, no type byte
/// ```
///
/// Unlike long-polling there is no payload to build and no request to wait for: the socket can always be
/// written, so the session flushes to it at once. A batch of packets (a Socket.IO event and its binary
/// attachments) leaves in a single `writev`.
///
/// Closing maps as in Node: the peer closing (cleanly or not) is `transportDidClose` (`transport close`),
/// a peer that breaks RFC 6455 is `transportDidFail` (`transport error`), and a message that is not an
/// Engine.IO packet is `transportDidReceiveMalformedData` (`parse error`).
package final class EngineWebSocketTransport: EngineTransport, WebSocketDelegate {
    package let kind = EngineTransportKind.websocket
    package weak var delegate: (any EngineTransportDelegate)?
    /// The WebSocket carrying the packets.
    package let socket: WebSocketConnection

    /// Wraps `socket` and becomes its delegate.
    package init(socket: WebSocketConnection) {
        self.socket = socket
        socket.delegate = self
    }

    package var isWritable: Bool { socket.isWritable }

    /// Writes each packet as one frame; with permessage-deflate, a packet marked `compress: false` (Socket.IO's
    /// `compress(false)`) goes uncompressed, as in Node's websocket transport.
    package func send(_ packets: [EnginePacket]) {
        if packets.count == 1 { return socket.send(frame: Self.frame(for: packets[0]), compress: packets[0].compress) }
        // A batch is one Socket.IO packet and its attachments, all sent with the same flags.
        socket.send(packets.map(Self.frame(for:)), compress: packets.allSatisfy(\.compress))
    }

    /// The session is done with this transport: say goodbye with a close frame (`1000`). Nothing is
    /// reported back, since the session asked for it.
    package func close() {
        delegate = nil
        socket.close(code: .normalClosure)
    }

    /// The frame that carries `packet`. The text form is built straight into the payload bytes
    /// (type digit, then the UTF-8 of the data): no intermediate `String`.
    static func frame(for packet: EnginePacket) -> WebSocketFrame {
        switch packet.payload {
        case .binary(let bytes):
            return WebSocketFrame(opcode: .binary, payload: bytes)
        case .text(let text):
            var payload: [UInt8] = []
            payload.reserveCapacity(1 + text.utf8.count)
            payload.append(packet.type.asciiDigit)
            payload.append(contentsOf: text.utf8)
            return WebSocketFrame(opcode: .text, payload: payload)
        }
    }

    // MARK: WebSocketDelegate

    package func webSocket(_ socket: WebSocketConnection, didReceive message: WebSocketMessage) {
        let engineMessage: EngineMessage
        switch message {
        case .text(let text): engineMessage = .text(text)
        case .binary(let bytes): engineMessage = .binary(bytes)
        }
        do {
            let packet = try EnginePacket(decoding: engineMessage)
            delegate?.transport(self, didReceive: packet)
        } catch {
            delegate?.transportDidReceiveMalformedData(self)
        }
    }

    package func webSocket(_ socket: WebSocketConnection, didCloseWith event: WebSocketCloseEvent) {
        guard let delegate else { return }
        self.delegate = nil
        switch event {
        case .failed:
            delegate.transportDidFail(self)
        case .peerClosed, .closedByUs, .connectionLost:
            delegate.transportDidClose(self)
        }
    }
}
