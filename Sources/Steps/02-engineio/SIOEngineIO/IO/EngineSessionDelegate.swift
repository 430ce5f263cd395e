// SPDX-License-Identifier: MIT

/// What one Engine.IO session tells the layer above: its messages and its end (engine.io's socket `message` and
/// `close` events). It is the typed per-connection seam: Socket.IO's `Client` adopts it, and the session holds it
/// until it closes.
///
/// All calls arrive on the session's event loop thread.
public protocol EngineSessionDelegate: AnyObject {
    /// The client sent a `message` packet.
    func engineSession(_ session: EngineSession, didReceive message: EngineMessage)
    /// The session is over; `reason` is one of the official strings (`ping timeout`, ...).
    func engineSession(_ session: EngineSession, didCloseWith reason: EngineCloseReason)
}
