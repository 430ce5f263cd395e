// SPDX-License-Identifier: MIT

/// How a WebSocket connection ended, as the layer above needs to know it.
///
/// Engine.IO maps the first three to `transport close` and the last to `transport error`, like Node's
/// websocket transport: a peer that leaves, cleanly or not, is not an error; a peer that breaks the
/// protocol is.
public enum WebSocketCloseEvent: Sendable, Hashable {
    /// The peer started the closing handshake (§7.1.2) with this code (`nil`: the frame had none) and reason;
    /// we answered it and closed the TCP connection.
    case peerClosed(code: WebSocketCloseCode?, reason: String)
    /// We started the closing handshake (`close(code:reason:)`); it finished, or the peer did not answer
    /// within the close timeout.
    case closedByUs(code: WebSocketCloseCode)
    /// The TCP connection ended without a closing handshake: the peer vanished, or stayed silent past
    /// the idle timeout. Reported to applications as 1006 (§7.1.5).
    case connectionLost
    /// The peer broke the protocol and we failed the connection (§7.1.7) with the error's close code.
    case failed(WebSocketProtocolError)
}
