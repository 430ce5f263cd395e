// SPDX-License-Identifier: MIT

/// The seam between Engine.IO and the layer above it (Socket.IO in step 4, the echo in step 2).
///
/// The three events match engine.io's `connection`, `message` and `close` (socketioxide calls the
/// same seam `EngineIoHandler`). All calls arrive on the event loop thread.
///
/// A session reports its messages and its close to its own delegate (`EngineSession.delegate`) when it has one,
/// otherwise to this one. The echo of step 2 keeps no state per session and serves every session itself;
/// Socket.IO gives each session its `Client` in `engineSessionDidOpen`, so that each message reaches the
/// client's packet decoder directly, typed, with no lookup and no cast.
public protocol EngineDelegate: EngineSessionDelegate {
    /// A handshake succeeded: the session exists and its `open` packet is on its way. Set `session.delegate`
    /// here to have the session's events go to a delegate of its own.
    func engineSessionDidOpen(_ session: EngineSession)
}

extension EngineDelegate {
    /// Does nothing: a delegate that gives every session a delegate of its own never hears of messages here.
    public func engineSession(_ session: EngineSession, didReceive message: EngineMessage) {}

    /// Does nothing (see `engineSession(_:didReceive:)`).
    public func engineSession(_ session: EngineSession, didCloseWith reason: EngineCloseReason) {}
}
