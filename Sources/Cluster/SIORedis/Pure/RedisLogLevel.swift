// SPDX-License-Identifier: MIT

/// How much a Redis log line matters (the application maps it onto its own logger's levels).
public enum RedisLogLevel: Int, Sendable, Hashable, Comparable {
    /// Each further failed attempt while Redis stays away (the first one is a warning).
    case debug = 1
    /// A connection made, subscriptions confirmed, the cluster link restored.
    case info
    /// The cluster link went down, a request timed out, or a malformed message was ignored; the adapter carries on.
    case warning
    /// Redis answered with an error (a refused `PUBLISH`, a failed subscription).
    case error

    /// Ordered by severity, so a log can keep `level >= .warning`.
    public static func < (lhs: RedisLogLevel, rhs: RedisLogLevel) -> Bool { lhs.rawValue < rhs.rawValue }
}
