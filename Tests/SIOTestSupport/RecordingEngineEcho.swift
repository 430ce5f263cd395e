// SPDX-License-Identifier: MIT

import SIOEngineIO
import Synchronization

/// An Engine.IO echo (like `Step2` and `Step3`) that also records what the engine told it, for
/// the live tests of steps 2 and 3.
public final class RecordingEngineEcho: EngineDelegate, @unchecked Sendable {
    public let opened = Flag()
    public let closed = Flag()
    private let reasons = Mutex<[String]>([])

    public init() {}

    /// Why sessions closed, in order (the official strings: `ping timeout`, ...).
    public var closeReasons: [String] { reasons.withLock { $0 } }

    /// The first close reason, once a session closed (within two seconds).
    public func firstCloseReason() -> String? {
        guard closed.wait(timeout: .seconds(2)) else { return nil }
        return closeReasons.first
    }

    public func engineSessionDidOpen(_ session: EngineSession) { opened.set() }

    public func engineSession(_ session: EngineSession, didReceive message: EngineMessage) { session.send(message) }

    public func engineSession(_ session: EngineSession, didCloseWith reason: EngineCloseReason) {
        reasons.withLock { $0.append(reason.description) }
        closed.set()
    }
}
