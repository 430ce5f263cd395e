// SPDX-License-Identifier: MIT

import SIOHTTP

/// The smallest useful Engine.IO application: every message goes back to the session it came
/// from. `Step2` and `Step3` serve it, and it is what the official Engine.IO test suite expects.
public final class EngineEcho: EngineDelegate {
    private let logsSessions: Bool

    /// `logsSessions`: print a line when a session opens or closes (with its reason).
    public init(logsSessions: Bool = true) {
        self.logsSessions = logsSessions
    }

    public func engineSessionDidOpen(_ session: EngineSession) {
        if logsSessions { Console.log("engine: session \(session.id) opened (\(session.transportName))") }
    }

    public func engineSession(_ session: EngineSession, didReceive message: EngineMessage) {
        session.send(message)
    }

    public func engineSession(_ session: EngineSession, didCloseWith reason: EngineCloseReason) {
        if logsSessions { Console.log("engine: session \(session.id) closed (\(reason))") }
    }
}
