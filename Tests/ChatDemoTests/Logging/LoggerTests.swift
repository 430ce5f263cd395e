// SPDX-License-Identifier: MIT

@testable import ChatDemo
import Foundation
import SIOHTTP
import SIOTestSupport
import Synchronization
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

    @Test("a log event has audiobookshelf's shape: an upper-case levelName and a YYYY-MM-DD HH:MM:SS time")
    func eventShape() {
        let record = LogRecord(timestamp: 1_767_225_600_123, level: .warn, message: "m", fields: ["port": 3000])
        #expect(record.eventJSON == [
            "timestamp": "2026-01-01 00:00:00", "source": "ChatDemo", "message": "m", "levelName": "WARN", "level": 3,
            "fields": ["port": 3000],
        ])
        #expect(LogLevel.allCases.map { LogRecord(timestamp: 0, level: $0, message: "").eventJSON["levelName"] }
            == ["DEBUG", "INFO", "WARN", "ERROR"])
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

    @Test("a listener added on an event loop gets every record on that loop, in order, whichever thread logged it")
    func listenerOnItsLoop() throws {
        let listening = try LoopThread(), other = try LoopThread()
        defer { listening.stop(); other.stop() }
        let logger = Logger(directory: nil, consoleLevel: nil) { 0 }
        let received = Mutex<[String]>([])
        let done = Flag()
        listening.sync {
            logger.addListener(id: "admin", level: .info, on: listening.loop) { record in
                let place = listening.loop.inEventLoop ? "on its loop" : "elsewhere"
                received.withLock { $0.append("\(record.message) \(place)") }
                if record.message == "last" { done.set() }
            }
        }
        logger.info("from the test's thread")
        other.sync { logger.warn("from another loop") }
        listening.sync { logger.info("from its own loop") }
        logger.error("last")
        #expect(done.wait(timeout: .seconds(5)))
        #expect(received.withLock { $0 } == [
            "from the test's thread on its loop", "from another loop on its loop", "from its own loop on its loop",
            "last on its loop",
        ])
    }

    @Test("records logged by many threads at once are all counted and each is one whole line of the day's file")
    func manyThreads() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let logger = Logger(directory: directory.path, consoleLevel: nil) { 1_767_225_600_000 }
        DispatchQueue.concurrentPerform(iterations: 4) { thread in
            for index in 0..<250 { logger.warn("thread \(thread) record \(index)", fields: ["n": .number(Double(index))]) }
        }
        logger.close()
        #expect(logger.counts[LogLevel.warn.rawValue] == 1000)
        let records = logger.records(day: "2026-01-01", limit: 2000)
        #expect(records.count == 1000)
        #expect(Set(records.map(\.message)).count == 1000)
    }
}
