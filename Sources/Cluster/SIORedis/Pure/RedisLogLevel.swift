// SPDX-License-Identifier: MIT

/// How much a Redis log line matters (the application maps it onto its own logger's levels).
public enum RedisLogLevel: Int, Sendable, Hashable, Comparable {
    case debug = 1
    case info
    case warning
    case error

    public static func < (lhs: RedisLogLevel, rhs: RedisLogLevel) -> Bool { lhs.rawValue < rhs.rawValue }
}
