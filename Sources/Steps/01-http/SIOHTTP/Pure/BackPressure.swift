// SPDX-License-Identifier: MIT

/// The back-pressure decisions of one write queue (`ConnectionLimits`), without the socket: told how many
/// bytes are queued after each write and each flush, it says when to stop reading, when to resume, and
/// when the peer is over its budget.
///
/// `didQueue` runs for every message sent, so its common case is one comparison: under the high-water
/// mark there is nothing to decide. The clock-driven part (the slow-reader deadline) is the connection's
/// timer; this type only says when that deadline starts (`.pause`) and stops (`.resume`).
///
/// ```text
/// limits 1024 / 256 / 4096     didQueue(900, total: 900)     -> nil        under the high-water mark
///                              didQueue(200, total: 1100)    -> .pause     stop reading, start the deadline
///                              didQueue(100, total: 1200)    -> nil        still paused
///                              didFlush(total: 300)          -> nil        under high, not yet under low
///                              didFlush(total: 200)          -> .resume    read again, stop the deadline
/// ```
package struct BackPressure: Sendable {
    /// What the connection must do after a write or a flush.
    package enum Change: Equatable, Sendable {
        /// The queue passed the high-water mark: stop reading and start the slow-reader deadline.
        case pause
        /// The queue fell under the low-water mark: read again and stop the deadline.
        case resume
        /// A write took a queue already over the high-water mark past the cap: disconnect now.
        case overflow
    }

    package let limits: ConnectionLimits
    /// True from `.pause` to `.resume`: the connection is not read.
    package private(set) var isPaused = false

    package init(limits: ConnectionLimits) {
        self.limits = limits
    }

    /// After a write of `added` bytes made the queue `total` bytes long.
    @inline(__always)
    package mutating func didQueue(_ added: Int, total: Int) -> Change? {
        guard total > limits.highWaterMark else { return nil }
        return overHighWaterMark(added, total: total)
    }

    /// After the kernel took some bytes and `total` remain queued.
    @inline(__always)
    package mutating func didFlush(total: Int) -> Change? {
        guard isPaused, total < limits.lowWaterMark else { return nil }
        isPaused = false
        return .resume
    }

    private mutating func overHighWaterMark(_ added: Int, total: Int) -> Change? {
        if total > limits.maxQueuedBytes && total - added > limits.highWaterMark { return .overflow }
        if isPaused { return nil }
        isPaused = true
        return .pause
    }
}
