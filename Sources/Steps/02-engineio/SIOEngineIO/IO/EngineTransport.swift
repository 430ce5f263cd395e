// SPDX-License-Identifier: MIT

import SIOHTTP

/// The I/O side of one transport of one session (engine.io `lib/transport.ts`).
///
/// The session's state machine decides *what* to send and when to close; a transport only knows
/// *how*: a long-poll answers its pending `GET` with one payload, a WebSocket writes one message per
/// packet. Incoming packets go to the `delegate` (the session).
package protocol EngineTransport: AnyObject {
    var kind: EngineTransportKind { get }
    var delegate: (any EngineTransportDelegate)? { get set }
    /// Whether a write now would not pile up in a buffer. Socket.IO drops `volatile` packets when false.
    var isWritable: Bool { get }
    func send(_ packets: [EnginePacket])
    func close()
}

/// What a transport reports to its session.
package protocol EngineTransportDelegate: AnyObject {
    func transport(_ transport: any EngineTransport, didReceive packet: EnginePacket)
    /// Bytes arrived that are not a valid packet: a `parse error`.
    func transportDidReceiveMalformedData(_ transport: any EngineTransport)
    /// The peer closed the transport cleanly.
    func transportDidClose(_ transport: any EngineTransport)
    /// The transport broke (overlapping or dropped long-poll, WebSocket protocol error).
    func transportDidFail(_ transport: any EngineTransport)
    /// The transport can take a write now: a long-poll `GET` arrived, or a WebSocket connected.
    func transportDidBecomeWritable(_ transport: any EngineTransport)
}

/// A transport that starts as an HTTP `Upgrade` request. Step 2 has none; step 3 registers WebSocket
/// with `EngineServer.register(_:)`, and from then on handshakes advertise `"upgrades":["websocket"]`.
package protocol EngineUpgradeProvider: AnyObject {
    var kind: EngineTransportKind { get }
    /// Answers an upgrade request: an error response (bad handshake), or a takeover whose handoff
    /// calls `accept` with the new transport, ready to send.
    func upgrade(
        _ request: HTTPRequest, context: RequestContext, accept: @escaping (any EngineTransport) -> Void
    ) -> HTTPReply
}
