// SPDX-License-Identifier: MIT

/// How a session ends (engine.io `Socket.onClose`, `Socket.close`, and the polling transport's `onClose`/`doClose`).
///
/// Three endings, three ways to release a pending long-poll `GET`:
/// - the client sends `1`: the `GET` gets `6` (noop), the reason is `transport close`;
/// - an error or a timeout: the `GET` gets `1` (close), the reason says which (`ping timeout`, `parse error`...);
/// - the server calls `close()`: the queued packets go out first, with `1` at the end of the last payload,
///   and the reason is `forced close`.
///
/// In every case the probe transport of an upgrade in progress is closed too, and `closeSession` comes last.
extension EngineSessionStateMachine {
    /// Closes the session from the server side, after flushing what is queued: `forced close`.
    ///
    /// Over polling the last payload ends with `1`, so it waits for the next `GET` (at most `closeTimeout`).
    /// The heartbeat stops, and an upgrade in progress is abandoned.
    package mutating func close(now: Duration) -> [Action] {
        guard state == .open else { return [] }
        let actions = abandonUpgrade()
        state = .closing(deadline: now + Self.closeTimeout)
        nextPingAt = nil
        pongDeadline = nil
        // Over polling the last payload ends with `1`; a WebSocket is simply closed once the buffer is sent.
        if transport == .polling { writeBuffer.append(.close) }
        return actions + flush()
    }

    /// Closes the session at once with `reason`, dropping the write buffer (a server shutting down).
    package mutating func abort(reason: EngineCloseReason) -> [Action] {
        guard state != .closed else { return [] }
        return terminate(reason)
    }

    /// The client sent `1` on the current transport. A pending `GET` is released with `6`
    /// (engine.io polling `onClose`), then the session closes with `transport close`.
    mutating func clientClosedTransport() -> [Action] {
        var actions: [Action] = []
        if transport == .polling && isTransportWritable {
            actions.append(.send([.noop], on: .polling))
            isTransportWritable = false
        }
        actions.append(.closeTransport(transport))
        return actions + finish(.transportClose)
    }

    /// Closes the session and its transport for `reason`; a pending `GET` gets `1` (engine.io polling `doClose`).
    mutating func terminate(_ reason: EngineCloseReason) -> [Action] {
        var actions: [Action] = []
        if transport == .polling && isTransportWritable {
            actions.append(.send([.close], on: .polling))
            isTransportWritable = false
        }
        actions.append(.closeTransport(transport))
        return actions + finish(reason)
    }

    /// Marks the session closed, drops the probe, and reports the reason (engine.io `Socket.onClose`).
    mutating func finish(_ reason: EngineCloseReason) -> [Action] {
        let actions = abandonUpgrade()
        state = .closed
        writeBuffer.removeAll()
        nextPingAt = nil
        pongDeadline = nil
        return actions + [.closeSession(reason)]
    }
}
