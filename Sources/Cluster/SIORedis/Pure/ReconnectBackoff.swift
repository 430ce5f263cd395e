// SPDX-License-Identifier: MIT

/// How long to wait before the next attempt to reach Redis: exponential backoff with jitter.
///
/// After a failure the wait doubles, from `initial` up to `maximum`, so a Redis that is down for a minute costs
/// a handful of attempts, not thousands. Each wait is then multiplied by a random factor between 0.5 and 1
/// ("equal jitter"): when Redis restarts, the servers of a cluster, which all lost it at the same instant, do
/// not all come back at the same instant too. A success resets the count.
///
/// ```swift
/// var backoff = ReconnectBackoff()                 // 100 ms, doubling, at most 5 s
/// backoff.nextDelay(random: 1.0)                    // 100 ms
/// backoff.nextDelay(random: 1.0)                    // 200 ms
/// backoff.nextDelay(random: 0.0)                    // 200 ms: half of 400 ms
/// backoff.reset()
/// ```
///
/// The random factor comes in as an argument, a number in 0...1, so that tests choose it.
package struct ReconnectBackoff: Sendable, Hashable {
    package var initial: Duration
    package var maximum: Duration
    /// Failed attempts since the last success.
    package private(set) var attempts = 0

    package init(initial: Duration = .milliseconds(100), maximum: Duration = .seconds(5)) {
        // Set by the program (no flag reaches it); a wrong pair is a bug.
        precondition(initial > .zero && maximum >= initial, "backoff needs 0 < initial <= maximum")
        self.initial = initial
        self.maximum = maximum
    }

    /// The wait before the next attempt; counts one more failure.
    package mutating func nextDelay(random: Double) -> Duration {
        var ceiling = initial
        for _ in 0..<min(attempts, 32) where ceiling < maximum { ceiling *= 2 }
        attempts += 1
        let capped = min(ceiling, maximum)
        return capped * (0.5 + 0.5 * min(max(random, 0), 1))
    }

    /// A connection succeeded: the next failure starts again from `initial`.
    package mutating func reset() {
        attempts = 0
    }
}
