// SPDX-License-Identifier: MIT

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Nanoseconds on the monotonic clock, as a plain integer.
///
/// Every sent message is stamped and every received one is timed, so reading the clock must be
/// cheap: `clock_gettime(CLOCK_MONOTONIC)` is served from the vDSO without a system call, and an
/// integer needs no `Duration` arithmetic on the hot path. The origin is arbitrary; only
/// differences mean anything.
enum MonotonicTime {
    static func nanoseconds() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec)
    }

    static func seconds(_ nanoseconds: UInt64) -> Double { Double(nanoseconds) / 1e9 }
}
