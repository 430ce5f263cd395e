// SPDX-License-Identifier: MIT

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Where the event loop reads the time.
///
/// Time is a `Duration` since an arbitrary origin: only differences matter, so a monotonic clock
/// (never the wall clock, which jumps) is right for timeouts. Injecting it lets tests move time by
/// hand instead of sleeping (the idea of Hummingbird's `MockClock` and NIO's `EmbeddedEventLoop`).
public protocol LoopClock: AnyObject {
    /// The time since an arbitrary origin; it never goes backwards.
    func now() -> Duration
}

/// The monotonic system clock (`CLOCK_MONOTONIC`).
public final class SystemClock: LoopClock {
    /// The process's monotonic clock.
    public init() {}

    /// `clock_gettime(CLOCK_MONOTONIC)` as a `Duration`.
    public func now() -> Duration {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return .seconds(Int64(ts.tv_sec)) + .nanoseconds(Int64(ts.tv_nsec))
    }
}

/// A clock that only moves when a test says so.
///
/// Behind a lock, so a test may move it from its own thread while the loop reads it: that is how a test makes
/// time pass without waking the loop (moving it on the loop would run the due timers first).
package final class ManualClock: LoopClock, Sendable {
    private let current: Mutex<Duration>

    package init(start: Duration = .zero) {
        current = Mutex(start)
    }

    package func now() -> Duration { current.withLock { $0 } }

    package func advance(by delta: Duration) {
        current.withLock { $0 += delta }
    }
}
