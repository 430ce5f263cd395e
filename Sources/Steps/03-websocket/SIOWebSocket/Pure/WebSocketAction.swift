// SPDX-License-Identifier: MIT

/// What the I/O layer must do after `WebSocketStateMachine` has looked at some bytes.
///
/// The state machine never touches the socket; it returns these, in order, and the connection carries
/// them out. This keeps the protocol testable without a network (the shape of swift-websocket's
/// `WebSocketStateMachine` and Hummingbird's connection state machine).
///
/// ```swift
/// machine.append(bytes)
/// while let action = machine.nextAction() {
///     switch action {
///     case .deliver(let message): application.didReceive(message)
///     case .sendFrame(let frame): connection.write([frame.encodedHeader(), frame.payload])
///     case .closeConnection: connection.close()
///     }
/// }
/// ```
package enum WebSocketAction: Sendable, Hashable {
    /// A complete message for the application.
    case deliver(WebSocketMessage)
    /// A frame to write: a pong answering a ping, or a close frame. A client masks it when encoding.
    case sendFrame(WebSocketFrame)
    /// Close the TCP connection once the queued bytes are written. Always the last action.
    case closeConnection
}
