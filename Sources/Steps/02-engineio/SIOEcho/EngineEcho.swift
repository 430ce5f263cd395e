// SPDX-License-Identifier: MIT

import SIOCommandLine
import SIOEngineIO
import SIOHTTP

/// The smallest useful Engine.IO application: every message goes back to the session it came
/// from. `Step2` and `Step3` serve it, and it is what the official Engine.IO test suite expects.
///
/// It is an application of the `EngineDelegate` seam, not part of the layer, so it lives in a small
/// target of its own that both executables import, outside the `SocketIO` library product.
public final class EngineEcho: EngineDelegate {
    private let logsSessions: Bool

    /// `logsSessions`: print a line when a session opens or closes (with its reason).
    public init(logsSessions: Bool = true) {
        self.logsSessions = logsSessions
    }

    /// Logs the new session and its first transport.
    public func engineSessionDidOpen(_ session: EngineSession) {
        if logsSessions { Console.log("engine: session \(session.id) opened (\(session.transportName))") }
    }

    /// Sends `message` back, text as text and binary as binary (Engine.IO v4 `message` packet, type 4).
    public func engineSession(_ session: EngineSession, didReceive message: EngineMessage) {
        session.send(message)
    }

    /// Logs why the session closed, with the official reason string (`ping timeout`, `transport close`, ...).
    public func engineSession(_ session: EngineSession, didCloseWith reason: EngineCloseReason) {
        if logsSessions { Console.log("engine: session \(session.id) closed (\(reason))") }
    }
}
