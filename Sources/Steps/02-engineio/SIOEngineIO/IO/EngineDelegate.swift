// SPDX-License-Identifier: MIT

/// The seam between Engine.IO and the layer above it (Socket.IO in step 4, the echo in step 2).
///
/// The three events match engine.io's `connection`, `message` and `close` (socketioxide calls the
/// same seam `EngineIoHandler`). All calls arrive on the event loop thread.
public protocol EngineDelegate: AnyObject {
    /// A handshake succeeded: the session exists and its `open` packet is on its way.
    func engineSessionDidOpen(_ session: EngineSession)
    /// The client sent a `message` packet.
    func engineSession(_ session: EngineSession, didReceive message: EngineMessage)
    /// The session is over; `reason` is one of the official strings (`ping timeout`, ...).
    func engineSession(_ session: EngineSession, didCloseWith reason: EngineCloseReason)
}
