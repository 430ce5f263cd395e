// SPDX-License-Identifier: MIT

/// What a `WebSocketConnection` reports to the code that uses it: an echo route, or Engine.IO's
/// websocket transport. Every call arrives on the connection's event loop thread.
public protocol WebSocketDelegate: AnyObject {
    /// A whole message arrived: fragments joined, text checked to be UTF-8 (RFC 6455 §5.4, §8.1).
    /// Answering from here (`socket.send`) is fine: the connection is still open.
    func webSocket(_ socket: WebSocketConnection, didReceive message: WebSocketMessage)
    /// The connection is over, and says how. No more calls follow.
    func webSocket(_ socket: WebSocketConnection, didCloseWith event: WebSocketCloseEvent)
}
