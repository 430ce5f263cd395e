// SPDX-License-Identifier: MIT

import Foundation
import SIOCommandLine
import SIOHTTP
import SIOJSON
import Synchronization

/// The app's log: every record goes to the console, to a daily file, and to the admins who listen.
///
/// - Console: one line per record at or above `consoleLevel` (info by default), unbuffered (`Console.log`),
///   as text or as JSON (`format`, see `LogFormat`).
/// - Daily files: `<data>/logs/2026-01-01.jsonl`, one JSON object per line, every level; that is what
///   `fetch_daily_logs` reads back. The day is the UTC day. Kept for a number of days and capped in size per
///   day (`DailyLogFiles`).
/// - Listeners: an admin socket that sent `set_log_listener` with a level gets a `log` event for every
///   record at or above it until `remove_log_listener` or until it disconnects.
///
/// One logger serves every event loop of the process (`ChatShared`), so that the daily file has one writer and
/// an admin hears what happens on every loop. Hence a lock around the file, the counts and the listeners, held
/// to print and append a record but never while a listener runs. A listener belongs to the loop it was added
/// on (its socket lives there): a record logged on another loop reaches it through `loop.execute`. A listener
/// must not log on its own loop (it would recurse).
///
/// `@unchecked Sendable`: every mutable field is in `state`, behind its lock, and `clock` is only called
/// under that lock; no checked form fits because `clock` is a non-`Sendable` closure (tests inject their own).
final class Logger: @unchecked Sendable {
    /// The lowest level printed on the console; `nil` prints nothing (tests).
    let consoleLevel: LogLevel?
    private let directory: String?
    private let clock: () -> Int
    private let state: Mutex<State>

    private struct State {
        var format: LogFormat
        var counts = [Int](repeating: 0, count: LogLevel.allCases.count + 1)
        var listeners: [String: Listener] = [:]
        var files: DailyLogFiles?
    }

    /// A listener and the loop it is called on; without a loop, it is called on whichever thread logs (a
    /// single-threaded test).
    ///
    /// `@unchecked Sendable`: `deliver` runs only on `loop` (see `receive`), or, without a loop, on the one
    /// thread that uses the logger; that loop-less case is why it is not a `LoopBound`.
    private struct Listener: @unchecked Sendable {
        let level: LogLevel
        let loop: EventLoop?
        let deliver: (LogRecord) -> Void

        func receive(_ record: LogRecord) {
            guard let loop, !loop.inEventLoop else { return deliver(record) }
            loop.execute { deliver(record) }
        }
    }

    /// `directory` `nil` keeps no files (tests that only look at listeners).
    init(
        directory: String?, consoleLevel: LogLevel? = .info, format: LogFormat = .text,
        retentionDays: Int = DailyLogFiles.defaultRetentionDays, maxBytesPerDay: Int = DailyLogFiles.defaultMaxBytesPerDay,
        clock: @escaping () -> Int = ChatStore.systemMilliseconds
    ) {
        self.directory = directory
        self.consoleLevel = consoleLevel
        self.clock = clock
        let files = directory.map {
            DailyLogFiles(directory: $0, retentionDays: retentionDays, maxBytesPerDay: maxBytesPerDay, now: clock())
        }
        state = Mutex(State(format: format, files: files))
    }

    /// How the console prints a record.
    var format: LogFormat {
        get { state.withLock { $0.format } }
        set { state.withLock { $0.format = newValue } }
    }

    /// Records logged so far at each level (for the `chatdemo_log_records_total` metric), indexed by raw value.
    var counts: [Int] { state.withLock { $0.counts } }

    /// Records left out of a daily file that had reached its cap (`chatdemo_log_records_dropped_total`).
    var droppedRecords: Int { state.withLock { $0.files?.dropped ?? 0 } }

    func debug(_ message: String, fields: JSONObject = [:]) { log(.debug, message, fields: fields) }
    func info(_ message: String, fields: JSONObject = [:]) { log(.info, message, fields: fields) }
    func warn(_ message: String, fields: JSONObject = [:]) { log(.warn, message, fields: fields) }
    func error(_ message: String, fields: JSONObject = [:]) { log(.error, message, fields: fields) }

    func log(_ level: LogLevel, _ message: String, fields: JSONObject = [:]) {
        let (record, listeners) = state.withLock { state in
            let record = LogRecord(timestamp: clock(), level: level, message: message, fields: fields)
            state.counts[level.rawValue] += 1
            if let consoleLevel, level >= consoleLevel { Console.log(Self.consoleText(record, format: state.format)) }
            state.files?.append(record)
            return (record, state.listeners.values.filter { level >= $0.level })
        }
        for listener in listeners { listener.receive(record) }
    }

    /// Prints a record on the console only, whatever `consoleLevel`: for what must reach the operator but
    /// must not be kept in the daily files that admins can read back (the first admin's password).
    func announce(_ message: String, fields: JSONObject = [:]) {
        state.withLock { state in
            let record = LogRecord(timestamp: clock(), level: .warn, message: message, fields: fields)
            Console.log(Self.consoleText(record, format: state.format))
        }
    }

    /// The console's line for `record` in the chosen format.
    func consoleText(_ record: LogRecord) -> String {
        Self.consoleText(record, format: format)
    }

    private static func consoleText(_ record: LogRecord, format: LogFormat) -> String {
        switch format {
        case .text: record.consoleLine
        case .json: record.jsonLine
        }
    }

    /// Starts (or re-levels) the listener `id`: `deliver` gets every later record at or above `level`, on
    /// `loop` (the listening socket's), or on the logging thread when `loop` is `nil`.
    func addListener(id: String, level: LogLevel, on loop: EventLoop? = nil, deliver: @escaping (LogRecord) -> Void) {
        let listener = Listener(level: level, loop: loop, deliver: deliver)
        state.withLock { $0.listeners[id] = listener }
    }

    /// Returns false if there was no such listener.
    @discardableResult
    func removeListener(id: String) -> Bool {
        state.withLock { $0.listeners.removeValue(forKey: id) != nil }
    }

    var listenerCount: Int { state.withLock { $0.listeners.count } }

    /// The records of `day` (`YYYY-MM-DD`, UTC), oldest first, at most the last `limit`.
    func records(day: String, limit: Int = 1000) -> [LogRecord] {
        guard let directory, let text = try? String(contentsOfFile: "\(directory)/\(day).jsonl", encoding: .utf8) else { return [] }
        let records = text.split(separator: "\n").compactMap { line in (try? JSON.parse(line)).flatMap(LogRecord.init(json:)) }
        return Array(records.suffix(limit))
    }

    /// Today's day string, for the default of `fetch_daily_logs`.
    var today: String { state.withLock { _ in LogRecord(timestamp: clock(), level: .info, message: "").day } }

    /// Closes the day's file (on shutdown).
    func close() {
        state.withLock { $0.files?.closeCurrent() }
    }
}
