// SPDX-License-Identifier: MIT

import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The daily JSON-lines files of the log, `<logs>/YYYY-MM-DD.jsonl` (UTC days), kept bounded in time and size.
///
/// - Retention: only the last `retentionDays` days' files are kept, today included; older ones are deleted when
///   the files are opened (at start) and whenever a record starts a new day.
/// - Size: a day's file grows to `maxBytesPerDay` at most. The first record that does not fit is replaced by one
///   `warn` line saying the file is capped, and that day's later records are not written (the console and the
///   admins listening still get them); each one dropped is counted (`chatdemo_log_records_dropped_total`).
///   A client can make the server log (every connection, every failed login): without a cap, it could fill
///   the disk. After a restart on a capped day, the cap line is written once more.
///
/// Files are 0600 and the directory 0700 (`PrivateFiles`): the log names users and addresses. Used under the
/// `Logger`'s lock only.
struct DailyLogFiles {
    static let defaultRetentionDays = 14
    /// 64 MiB: at about 500 bytes per connection (connect, authenticate, disconnect), some 130 000 a day.
    static let defaultMaxBytesPerDay = 64 << 20

    let directory: String
    let retentionDays: Int
    let maxBytesPerDay: Int
    /// Records not written because their day's file was full.
    private(set) var dropped = 0
    private var current: (day: String, descriptor: Int32, bytes: Int, capped: Bool)?

    /// Prepares `directory` (0700) and deletes the files older than the retention, as of `now` (milliseconds).
    init(directory: String, retentionDays: Int, maxBytesPerDay: Int, now: Int) {
        self.directory = directory
        self.retentionDays = max(1, retentionDays)
        self.maxBytesPerDay = maxBytesPerDay
        try? PrivateFiles.makeDirectory(directory)
        deleteExpired(now: now)
    }

    /// Appends `record` to its day's file, opening (and sweeping) when the day changes.
    mutating func append(_ record: LogRecord) {
        if current?.day != record.day { open(day: record.day, now: record.timestamp) }
        guard var file = current else { return }
        let line = Array((record.json.serialized() + "\n").utf8)
        if file.bytes + line.count <= maxBytesPerDay {
            Self.writeAll(line, to: file.descriptor)
            file.bytes += line.count
        } else {
            dropped += 1
            if !file.capped {
                let notice = LogRecord(
                    timestamp: record.timestamp, level: .warn,
                    message: "this day's log file reached its cap; later records of the day are dropped",
                    fields: ["maxBytes": .number(Double(maxBytesPerDay))])
                Self.writeAll(Array((notice.json.serialized() + "\n").utf8), to: file.descriptor)
                file.capped = true
            }
        }
        current = file
    }

    /// Closes the day's file (on shutdown, and before the next day's).
    mutating func closeCurrent() {
        if let current { close(current.descriptor) }
        current = nil
    }

    private mutating func open(day: String, now: Int) {
        closeCurrent()
        deleteExpired(now: now)
        guard let descriptor = try? PrivateFiles.openForAppending("\(directory)/\(day).jsonl") else { return }
        let size = Int(lseek(descriptor, 0, SEEK_END))
        current = (day, descriptor, max(0, size), false)
    }

    /// Deletes the `YYYY-MM-DD.jsonl` files of days before the retention, as of `now` (names compare as the
    /// days do).
    private func deleteExpired(now: Int) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        let oldestKept = LogRecord(timestamp: now - (retentionDays - 1) * 86_400_000, level: .info, message: "").day
        for name in names where name.hasSuffix(".jsonl") && name.count == 16 && name < oldestKept + ".jsonl" {
            try? FileManager.default.removeItem(atPath: "\(directory)/\(name)")
        }
    }

    private static func writeAll(_ bytes: [UInt8], to descriptor: Int32) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if written < 0, errno == EINTR { continue }
            guard written > 0 else { return }
            offset += written
        }
    }
}
