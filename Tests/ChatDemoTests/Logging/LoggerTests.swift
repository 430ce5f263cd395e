// SPDX-License-Identifier: MIT

@testable import ChatDemo
import Testing

@Suite("Logger")
struct LoggerTests {
    @Test("a listener receives the records at or above its level, until removed")
    func listeners() {
        let logger = Logger(directory: nil, consoleLevel: nil) { 0 }
        var received: [String] = []
        logger.addListener(id: "s1", level: .warn) { received.append($0.message) }
        logger.info("quiet")
        logger.warn("careful")
        logger.error("broken")
        #expect(logger.removeListener(id: "s1"))
        logger.error("after")
        #expect(received == ["careful", "broken"])
        #expect(!logger.removeListener(id: "s1"))
    }

    @Test("a record is {timestamp, message, levelName, level} with an ISO 8601 UTC time")
    func recordShape() {
        let record = LogRecord(timestamp: 1_767_225_600_123, level: .warn, message: "m")
        #expect(record.json == ["timestamp": "2026-01-01T00:00:00.123Z", "message": "m", "levelName": "warn", "level": 3])
        #expect(LogRecord(json: record.json) == record)
        #expect(record.day == "2026-01-01")
    }

    @Test("every level goes to the day's file and reads back in order")
    func dailyFile() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var now = 1_767_225_600_000
        let logger = Logger(directory: directory.path, consoleLevel: nil) {
            now += 1
            return now
        }
        logger.debug("one")
        logger.error("two")
        logger.close()
        #expect(logger.records(day: "2026-01-01").map(\.message) == ["one", "two"])
        #expect(logger.records(day: "2025-12-31").isEmpty)
    }
}
