// SPDX-License-Identifier: MIT

import Foundation
import Synchronization

/// Failed Admin UI logins per client address, and the refusal once there were too many (Node's `instrument` has
/// none: every CONNECT to `/admin` is one guess, and one connection may send them back to back).
///
/// An address with `maxFailures` failed logins within `window` is refused, with the same `invalid credentials`,
/// until the window that began with its first failure ends: the right password too, so that guessing gains
/// nothing. The table is bounded: at most `capacity` addresses (default 10,000); at the bound, ended windows are
/// dropped first, then the oldest. Shared by the loops of a process (a `Mutex`), like `AdminUISessions`.
public final class AdminUILoginThrottle: Sendable {
    /// Failed logins an address may make within `window`.
    public let maxFailures: Int
    /// How long failures count.
    public let window: Duration
    /// The most addresses remembered.
    public let capacity: Int
    private let now: @Sendable () -> Double
    /// Per address: when its window began (seconds since 1970) and its failures in it.
    private let failures = Mutex<[String: (start: Double, count: Int)]>([:])

    /// A throttle of `maxFailures` (default 10) per `window` (default 1 minute) per address; `now` (seconds since
    /// 1970) is injectable for tests.
    public init(
        maxFailures: Int = 10, window: Duration = .seconds(60), capacity: Int = 10_000,
        now: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }
    ) {
        precondition(maxFailures > 0 && capacity > 0, "a login throttle allows at least one failure of one address")
        self.maxFailures = maxFailures
        self.window = window
        self.capacity = capacity
        self.now = now
    }

    /// True when `address` may try a login now.
    public func allows(_ address: String) -> Bool {
        let time = now(), length = seconds(window)
        return failures.withLock { table in
            guard let entry = table[address], time - entry.start < length else { return true }
            return entry.count < maxFailures
        }
    }

    /// Counts one failed login of `address`.
    public func recordFailure(_ address: String) {
        let time = now(), length = seconds(window)
        failures.withLock { table in
            if let entry = table[address], time - entry.start < length {
                table[address] = (entry.start, entry.count + 1)
                return
            }
            if table[address] == nil, table.count >= capacity {
                table = table.filter { time - $0.value.start < length }
                if table.count >= capacity, let oldest = table.min(by: { $0.value.start < $1.value.start })?.key {
                    table[oldest] = nil
                }
            }
            table[address] = (time, 1)
        }
    }

    private func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
