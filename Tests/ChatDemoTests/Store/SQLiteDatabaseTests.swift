// SPDX-License-Identifier: MIT

@testable import ChatDemo
import Testing

@Suite("SQLite wrapper")
struct SQLiteDatabaseTests {
    @Test("opens files in WAL mode with synchronous=FULL and foreign keys on, for durable acknowledgements")
    func durabilitySettings() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let database = try SQLiteDatabase(path: directory.path + "/test.sqlite3")
        #expect(try database.rows("PRAGMA journal_mode").first?.first?.string == "wal")
        #expect(try database.rows("PRAGMA synchronous").first?.first?.int == 2)
        #expect(try database.rows("PRAGMA foreign_keys").first?.first?.int == 1)
    }

    @Test("binds and reads back every storage class, including NULL and an empty blob")
    func roundTripsValues() throws {
        let database = try SQLiteDatabase(path: ":memory:")
        try database.execute("CREATE TABLE t (a, b, c, d, e, f)")
        let values: [SQLiteValue] = [.integer(Int64.max), .real(2.5), .text("h\u{e9}llo \u{1F600}"), .blob([0, 1, 255]), .null, .blob([])]
        try database.run("INSERT INTO t VALUES (?, ?, ?, ?, ?, ?)", values)
        let row = try #require(try database.rows("SELECT a, b, c, d, e, f FROM t").first)
        #expect(Array(row.prefix(5)) == Array(values.prefix(5)))
        #expect(row[5].bytes.isEmpty)
    }

    @Test("a parameter is data, never SQL: a hostile string is stored as is")
    func parametersAreNotSQL() throws {
        let database = try SQLiteDatabase(path: ":memory:")
        try database.execute("CREATE TABLE t (name TEXT)")
        let hostile = "x'); DROP TABLE t; --"
        try database.run("INSERT INTO t VALUES (?)", [.text(hostile)])
        #expect(try database.rows("SELECT name FROM t").map { $0[0].string } == [hostile])
    }

    @Test("a transaction that throws is rolled back entirely")
    func rollsBack() throws {
        struct Boom: Error {}
        let database = try SQLiteDatabase(path: ":memory:")
        try database.execute("CREATE TABLE t (n INTEGER)")
        #expect(throws: Boom.self) {
            try database.transaction {
                try database.run("INSERT INTO t VALUES (1)")
                throw Boom()
            }
        }
        #expect(try database.rows("SELECT COUNT(*) FROM t").first?.first?.int == 0)
    }

    @Test("a UNIQUE violation is reported as a constraint error with SQLite's message")
    func constraintErrors() throws {
        let database = try SQLiteDatabase(path: ":memory:")
        try database.execute("CREATE TABLE t (name TEXT UNIQUE)")
        try database.run("INSERT INTO t VALUES ('a')")
        do {
            try database.run("INSERT INTO t VALUES ('a')")
            Issue.record("the duplicate was accepted")
        } catch {
            #expect(error.isConstraintViolation)
            #expect(error.message.contains("UNIQUE"))
        }
    }

    @Test("the wrong number of values is refused before running")
    func parameterCount() throws {
        let database = try SQLiteDatabase(path: ":memory:")
        #expect(throws: SQLiteError.self) { try database.rows("SELECT ?", []) }
    }

    @Test("migrations run once: user_version counts them and a second open changes nothing")
    func migrations() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path + "/m.sqlite3"
        let database = try SQLiteDatabase(path: path)
        #expect(try Schema.migrate(database) == Schema.migrations.count)
        #expect(try Schema.migrate(database) == 0)
        #expect(try database.rows("PRAGMA user_version").first?.first?.int == Schema.migrations.count)
    }
}
