// SPDX-License-Identifier: MIT

import Foundation
import SIOJSON

/// One log line, as the console prints it, the daily file keeps it (`json`), and admins receive it (`log` and
/// `daily_logs` events: `eventJSON`).
///
/// `fields` are structured details (`port`, `sockets`, ...) kept apart from the message, so that a log
/// collector can filter on them; the text format appends them as `key=value`.
struct LogRecord: Sendable, Hashable {
    /// Milliseconds since 1970.
    let timestamp: Int
    let level: LogLevel
    let message: String
    let fields: JSONObject

    /// A daily file's line: `{"timestamp":"2026-01-01T09:30:00.000Z","message":"...","levelName":"info","level":2}`,
    /// plus `"fields"` when there are any: the ISO 8601 time keeps the milliseconds and reads back exactly.
    var json: JSON {
        var object: JSONObject = [
            "timestamp": .string(Self.isoTime(timestamp)), "message": .string(message),
            "levelName": .string(level.name), "level": .number(Double(level.rawValue)),
        ]
        if !fields.isEmpty { object["fields"] = .object(fields) }
        return .object(object)
    }

    /// A `log` event and a `daily_logs` entry, in the shape of audiobookshelf's Logger (its socket listeners get
    /// `{timestamp, source, message, levelName, level}`): `{"timestamp":"2026-01-01 09:30:00","source":"ChatDemo",
    /// "message":"...","levelName":"WARN","level":3}`, plus `"fields"` when there are any. The level numbers are
    /// that seed's too (DEBUG 1 to ERROR 4); the time is UTC, to the second.
    var eventJSON: JSON {
        var object: JSONObject = [
            "timestamp": .string(Self.secondsTime(timestamp)), "source": "ChatDemo", "message": .string(message),
            "levelName": .string(level.name.uppercased()), "level": .number(Double(level.rawValue)),
        ]
        if !fields.isEmpty { object["fields"] = .object(fields) }
        return .object(object)
    }

    /// `2026-01-01 09:30:00`: `isoTime` without the `T`, the milliseconds and the `Z`.
    static func secondsTime(_ milliseconds: Int) -> String {
        String(isoTime(milliseconds).prefix(19)).replacingOccurrences(of: "T", with: " ")
    }

    /// The console's JSON line (`--log-format json`): `{"timestamp","level","message","fields"}`, with the level
    /// by name and `fields` always present, so that every line has the same shape.
    var jsonLine: String {
        JSON.object([
            "timestamp": .string(Self.isoTime(timestamp)), "level": .string(level.name), "message": .string(message),
            "fields": .object(fields),
        ]).serialized()
    }

    /// The record from a line of a daily file, or `nil` if the line is not one.
    init?(json: JSON) {
        guard let time = json["timestamp"]?.stringValue, let parsed = Self.parseISOTime(time),
              let message = json["message"]?.stringValue, let number = json["level"]?.intValue,
              let level = LogLevel(rawValue: number)
        else { return nil }
        self.init(timestamp: parsed, level: level, message: message, fields: json["fields"]?.objectValue ?? [:])
    }

    init(timestamp: Int, level: LogLevel, message: String, fields: JSONObject = [:]) {
        self.timestamp = timestamp
        self.level = level
        self.message = message
        self.fields = fields
    }

    /// `2026-01-01 09:30:00.000 info  message key=value`: the console line of the text format. A string field
    /// is written as is unless it needs quotes (empty, or with spaces, quotes or `=`); other values as JSON.
    var consoleLine: String {
        let time = Self.isoTime(timestamp).replacingOccurrences(of: "T", with: " ").dropLast()
        var line = "\(time) \(level.name.padding(toLength: 5, withPad: " ", startingAt: 0)) \(message)"
        for (key, value) in fields {
            if case .string(let text) = value, !text.isEmpty, !text.contains(where: Self.needsQuotes) {
                line += " \(key)=\(text)"
            } else {
                line += " \(key)=\(value.serialized())"
            }
        }
        return line
    }

    private static func needsQuotes(_ character: Character) -> Bool {
        character == " " || character == "\"" || character == "=" || character.isNewline
    }

    /// The UTC day of the record, `2026-01-01`: which daily file it goes to.
    var day: String { String(Self.isoTime(timestamp).prefix(10)) }

    static func isoTime(_ milliseconds: Int) -> String {
        let seconds = milliseconds / 1000
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        func two(_ value: Int32) -> String { String(value).leftPadded(to: 2) }
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T\(two(parts.tm_hour)):"
            + "\(two(parts.tm_min)):\(two(parts.tm_sec)).\(String(milliseconds % 1000).leftPadded(to: 3))Z"
    }

    /// Parses what `isoTime` writes.
    static func parseISOTime(_ text: String) -> Int? {
        let digits = text.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        guard digits.count == 7 else { return nil }
        var parts = tm()
        parts.tm_year = Int32(digits[0] - 1900)
        parts.tm_mon = Int32(digits[1] - 1)
        parts.tm_mday = Int32(digits[2])
        parts.tm_hour = Int32(digits[3])
        parts.tm_min = Int32(digits[4])
        parts.tm_sec = Int32(digits[5])
        return Int(timegm(&parts)) * 1000 + digits[6]
    }
}
