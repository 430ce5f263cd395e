// SPDX-License-Identifier: MIT

import CSQLite

/// A compiled SQL statement, reused for every call (sqlite.org/c3ref/stmt.html).
///
/// Compiling SQL costs more than running a simple query, so `SQLiteDatabase` keeps one statement per SQL
/// text and hands it out again. Values are always bound as parameters (`?`), never spliced into the SQL
/// text: that is what makes a room name like `'); DROP TABLE users; --` harmless.
///
/// ```swift
/// let rows = try database.prepare("SELECT id, name FROM users WHERE name = ?").rows(["alice"])
/// rows.first?[0].int     // alice's id
/// ```
final class SQLiteStatement {
    private let handle: OpaquePointer
    private unowned let database: SQLiteDatabase

    init(sql: String, database: SQLiteDatabase) throws(SQLiteError) {
        var statement: OpaquePointer?
        let code = sqlite3_prepare_v3(database.handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard code == SQLITE_OK, let statement else {
            sqlite3_finalize(statement)
            throw SQLiteError(code: code, handle: database.handle)
        }
        self.handle = statement
        self.database = database
    }

    deinit { sqlite3_finalize(handle) }

    /// Runs the statement with `values` and returns every row, each as its columns in SELECT order.
    func rows(_ values: [SQLiteValue] = []) throws(SQLiteError) -> [[SQLiteValue]] {
        try bind(values)
        defer { reset() }
        var rows: [[SQLiteValue]] = []
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { return rows }
            guard code == SQLITE_ROW else { throw SQLiteError(code: code, handle: database.handle) }
            rows.append(currentRow())
        }
    }

    /// Runs a statement that returns no rows (INSERT, UPDATE, DELETE).
    func run(_ values: [SQLiteValue] = []) throws(SQLiteError) {
        try bind(values)
        defer { reset() }
        var code = sqlite3_step(handle)
        while code == SQLITE_ROW { code = sqlite3_step(handle) }
        guard code == SQLITE_DONE else { throw SQLiteError(code: code, handle: database.handle) }
    }

    private func bind(_ values: [SQLiteValue]) throws(SQLiteError) {
        let expected = Int(sqlite3_bind_parameter_count(handle))
        guard values.count == expected else {
            throw SQLiteError(code: SQLITE_RANGE, message: "statement takes \(expected) values, got \(values.count)")
        }
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let code: Int32
            switch value {
            case .null: code = sqlite3_bind_null(handle, index)
            case .integer(let number): code = sqlite3_bind_int64(handle, index, number)
            case .real(let number): code = sqlite3_bind_double(handle, index, number)
            // SQLITE_TRANSIENT makes SQLite copy the bytes: Swift's buffer only lives during the call.
            case .text(let text): code = sqlite3_bind_text(handle, index, text, -1, Self.transient)
            case .blob(let bytes):
                code = bytes.withUnsafeBytes { buffer in
                    sqlite3_bind_blob(handle, index, buffer.baseAddress ?? UnsafeRawPointer(bitPattern: 1),
                                      Int32(buffer.count), Self.transient)
                }
            }
            guard code == SQLITE_OK else { throw SQLiteError(code: code, handle: database.handle) }
        }
    }

    private func currentRow() -> [SQLiteValue] {
        (0..<sqlite3_column_count(handle)).map { column in
            switch sqlite3_column_type(handle, column) {
            case SQLITE_INTEGER: return .integer(sqlite3_column_int64(handle, column))
            case SQLITE_FLOAT: return .real(sqlite3_column_double(handle, column))
            case SQLITE_TEXT: return .text(String(cString: sqlite3_column_text(handle, column)))
            case SQLITE_BLOB:
                let count = Int(sqlite3_column_bytes(handle, column))
                guard count > 0, let pointer = sqlite3_column_blob(handle, column) else { return .blob([]) }
                return .blob(Array(UnsafeRawBufferPointer(start: pointer, count: count)))
            default: return .null
            }
        }
    }

    /// Ready for the next call: rewinds the statement and drops the bound values.
    private func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    /// `SQLITE_TRANSIENT` is `(sqlite3_destructor_type)-1` in C, a macro Swift cannot import.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}
