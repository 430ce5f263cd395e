// SPDX-License-Identifier: MIT

@testable import ChatDemo
import SIOServer
import Testing

@Suite("Logger: text and JSON lines, fields")
struct LogFormatTests {
    let record = LogRecord(
        timestamp: 1_767_225_600_123, level: .info, message: "ChatDemo listening",
        fields: ["host": "0.0.0.0", "port": 3000, "path": "a b"])

    @Test("a JSON line is one object: timestamp, level by name, message, and the fields")
    func jsonLine() throws {
        #expect(record.jsonLine == #"{"timestamp":"2026-01-01T00:00:00.123Z","level":"info","message":"ChatDemo listening","#
            + #""fields":{"host":"0.0.0.0","port":3000,"path":"a b"}}"#)
        let plain = LogRecord(timestamp: 0, level: .error, message: "two\nlines")
        #expect(plain.jsonLine == #"{"timestamp":"1970-01-01T00:00:00.000Z","level":"error","message":"two\nlines","fields":{}}"#)
        #expect(!plain.jsonLine.contains("\n"))
    }

    @Test("the text line appends the fields as key=value, quoting what needs it")
    func textLine() {
        #expect(record.consoleLine == #"2026-01-01 00:00:00.123 info  ChatDemo listening host=0.0.0.0 port=3000 path="a b""#)
    }

    @Test("fields are kept in the daily file's record and read back; a record without fields keeps its old shape")
    func fileRecord() {
        #expect(record.json["fields"] == ["host": "0.0.0.0", "port": 3000, "path": "a b"])
        #expect(LogRecord(json: record.json) == record)
        #expect(LogRecord(timestamp: 0, level: .warn, message: "m").json["fields"] == nil)
    }

    @Test("the logger prints the console line in its format and counts the records by level")
    func loggerFormat() {
        let logger = Logger(directory: nil, consoleLevel: nil, format: .json) { 0 }
        #expect(logger.consoleText(LogRecord(timestamp: 0, level: .warn, message: "m")).hasPrefix(#"{"timestamp":"#))
        logger.format = .text
        #expect(logger.consoleText(LogRecord(timestamp: 0, level: .warn, message: "m")) == "1970-01-01 00:00:00.000 warn  m")
        logger.warn("a")
        logger.warn("b", fields: ["n": 1])
        logger.error("c")
        #expect(logger.counts[LogLevel.warn.rawValue] == 2 && logger.counts[LogLevel.error.rawValue] == 1)
    }
}
