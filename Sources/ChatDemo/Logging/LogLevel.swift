// SPDX-License-Identifier: MIT

/// How serious a log record is. The numbers are the ones an admin passes to `set_log_listener`:
/// a listener at level 3 receives warnings and errors.
enum LogLevel: Int, Sendable, Comparable, CaseIterable {
    case debug = 1
    case info = 2
    case warn = 3
    case error = 4

    var name: String {
        switch self {
        case .debug: return "debug"
        case .info: return "info"
        case .warn: return "warn"
        case .error: return "error"
        }
    }

    static func < (lhs: LogLevel, rhs: LogLevel) -> Bool { lhs.rawValue < rhs.rawValue }
}
