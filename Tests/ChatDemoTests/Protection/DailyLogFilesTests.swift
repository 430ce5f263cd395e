// SPDX-License-Identifier: MIT

@testable import ChatDemo
import Foundation
import Testing

@Suite("Daily log files: kept for a number of days, capped in size per day")
struct DailyLogFilesTests {
    static let firstOf2026 = 1_767_225_600_000
    static let day = 86_400_000

    static func names(_ directory: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
    }

    @Test("at start and at each new day, the files of days before the retention are deleted, and nothing else")
    func retention() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        for day in 25...31 { _ = FileManager.default.createFile(atPath: directory.path + "/2025-12-\(day).jsonl", contents: Data("{}\n".utf8)) }
        _ = FileManager.default.createFile(atPath: directory.path + "/notes.txt", contents: nil)
        var now = Self.firstOf2026
        let logger = Logger(directory: directory.path, consoleLevel: nil, retentionDays: 3) { now }
        #expect(Self.names(directory.path) == ["2025-12-30.jsonl", "2025-12-31.jsonl", "notes.txt"])
        logger.info("new year")
        now += Self.day
        logger.info("the day after")
        logger.close()
        #expect(Self.names(directory.path) == ["2025-12-31.jsonl", "2026-01-01.jsonl", "2026-01-02.jsonl", "notes.txt"])
    }

    @Test("a day's file stops at its cap with one line saying so, later records are counted as dropped, the next day writes again")
    func cap() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var now = Self.firstOf2026
        let logger = Logger(directory: directory.path, consoleLevel: nil, maxBytesPerDay: 4096) { now }
        let filler = String(repeating: "x", count: 100)
        for index in 0..<100 { logger.info("record \(index) \(filler)") }
        let path = directory.path + "/2026-01-01.jsonl"
        let records = logger.records(day: "2026-01-01")
        let notice = "this day's log file reached its cap; later records of the day are dropped"
        #expect(records.last?.message == notice)
        #expect(records.filter { $0.message == notice }.count == 1)
        let size = try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
        #expect(size <= 4096 + 300)
        #expect(logger.droppedRecords == 100 - (records.count - 1))
        #expect(logger.droppedRecords > 0)
        #expect(logger.counts[LogLevel.info.rawValue] == 100)
        now += Self.day
        logger.info("a new day")
        logger.close()
        #expect(logger.records(day: "2026-01-02").map(\.message) == ["a new day"])
    }
}
