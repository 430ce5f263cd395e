// SPDX-License-Identifier: MIT

import Foundation
import SIOHTTP
import SIOServer

/// The app's log: every record goes to the console, to a daily file, and to the admins who listen.
///
/// - Console: one line per record at or above `consoleLevel` (info by default), unbuffered (`Console.log`),
///   as text or as JSON (`format`, see `LogFormat`).
/// - Daily files: `<data>/logs/2026-01-01.jsonl`, one JSON object per line, every level; that is what
///   `fetch_daily_logs` reads back. The day is the UTC day.
/// - Listeners: an admin socket that sent `set_log_listener` with a level gets a `log` event for every
///   record at or above it until `remove_log_listener` or until it disconnects.
///
/// Confined to the event loop like everything else; a listener must not log (it would recurse).
final class Logger {
    /// The lowest level printed on the console; `nil` prints nothing (tests).
    var consoleLevel: LogLevel?
    /// How the console prints a record.
    var format: LogFormat
    /// Records logged so far at each level (for the `chatdemo_log_records_total` metric), indexed by raw value.
    private(set) var counts = [Int](repeating: 0, count: LogLevel.allCases.count + 1)
    private let directory: String?
    private let clock: () -> Int
    private var listeners: [String: (level: LogLevel, deliver: (LogRecord) -> Void)] = [:]
    private var file: (day: String, handle: FileHandle)?

    /// `directory` `nil` keeps no files (tests that only look at listeners).
    init(
        directory: String?, consoleLevel: LogLevel? = .info, format: LogFormat = .text,
        clock: @escaping () -> Int = ChatStore.systemMilliseconds
    ) {
        self.directory = directory
        self.consoleLevel = consoleLevel
        self.format = format
        self.clock = clock
        if let directory { try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) }
    }

    func debug(_ message: String, fields: JSONObject = [:]) { log(.debug, message, fields: fields) }
    func info(_ message: String, fields: JSONObject = [:]) { log(.info, message, fields: fields) }
    func warn(_ message: String, fields: JSONObject = [:]) { log(.warn, message, fields: fields) }
    func error(_ message: String, fields: JSONObject = [:]) { log(.error, message, fields: fields) }

    func log(_ level: LogLevel, _ message: String, fields: JSONObject = [:]) {
        let record = LogRecord(timestamp: clock(), level: level, message: message, fields: fields)
        counts[level.rawValue] += 1
        if let consoleLevel, level >= consoleLevel { Console.log(consoleText(record)) }
        append(record)
        for listener in listeners.values where level >= listener.level { listener.deliver(record) }
    }

    /// Prints a record on the console only, whatever `consoleLevel`: for what must reach the operator but
    /// must not be kept in the daily files that admins can read back (the first admin's password).
    func announce(_ message: String, fields: JSONObject = [:]) {
        Console.log(consoleText(LogRecord(timestamp: clock(), level: .warn, message: message, fields: fields)))
    }

    /// The console's line for `record` in the chosen format.
    func consoleText(_ record: LogRecord) -> String {
        switch format {
        case .text: record.consoleLine
        case .json: record.jsonLine
        }
    }

    /// Starts (or re-levels) the listener `id`: `deliver` gets every later record at or above `level`.
    func addListener(id: String, level: LogLevel, deliver: @escaping (LogRecord) -> Void) {
        listeners[id] = (level, deliver)
    }

    /// Returns false if there was no such listener.
    @discardableResult
    func removeListener(id: String) -> Bool {
        listeners.removeValue(forKey: id) != nil
    }

    var listenerCount: Int { listeners.count }

    /// The records of `day` (`YYYY-MM-DD`, UTC), oldest first, at most the last `limit`.
    func records(day: String, limit: Int = 1000) -> [LogRecord] {
        guard let directory, let text = try? String(contentsOfFile: "\(directory)/\(day).jsonl", encoding: .utf8) else { return [] }
        let records = text.split(separator: "\n").compactMap { line in (try? JSON.parse(line)).flatMap(LogRecord.init(json:)) }
        return Array(records.suffix(limit))
    }

    /// Today's day string, for the default of `fetch_daily_logs`.
    var today: String { LogRecord(timestamp: clock(), level: .info, message: "").day }

    private func append(_ record: LogRecord) {
        guard let directory else { return }
        if file?.day != record.day {
            try? file?.handle.close()
            let path = "\(directory)/\(record.day).jsonl"
            if !FileManager.default.fileExists(atPath: path) { _ = FileManager.default.createFile(atPath: path, contents: nil) }
            file = FileHandle(forWritingAtPath: path).map { handle in
                handle.seekToEndOfFile()
                return (record.day, handle)
            }
        }
        file?.handle.write(Data((record.json.serialized() + "\n").utf8))
    }

    /// Closes the day's file (on shutdown).
    func close() {
        try? file?.handle.close()
        file = nil
    }
}
