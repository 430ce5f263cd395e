// SPDX-License-Identifier: MIT

import CSQLite

/// One open SQLite database file: the store's only door to the C API besides `SQLiteStatement`.
///
/// Settings chosen when the file is opened, and why:
/// - `journal_mode=WAL` (sqlite.org/wal.html): a commit appends to the write-ahead log instead of rewriting
///   pages in place, so it is one sequential write, and readers never block the writer.
/// - `synchronous=FULL`: every COMMIT waits for the log to reach the disk (`fsync`) before it returns. The
///   chat acknowledges a message only after its COMMIT returned, so an acknowledged message survives a
///   crash or a power cut. (`NORMAL` would be faster and still survive a crashed process, but a power cut
///   could lose the last commits, which the sender was told were stored.)
/// - `foreign_keys=ON`: SQLite checks `REFERENCES` only when asked; deleting a room then deletes its
///   messages (`ON DELETE CASCADE`) instead of leaving orphans.
/// - `busy_timeout`: if another process (the `sqlite3` shell of an operator) holds the lock, wait a little
///   instead of failing at once.
///
/// Threading: the handle is opened with `SQLITE_OPEN_NOMUTEX` and must be used by one thread at a time;
/// the chat uses it only on its event loop (see `ChatStore` for why that is acceptable).
final class SQLiteDatabase {
    private(set) var handle: OpaquePointer?
    private var statements: [String: SQLiteStatement] = [:]
    private var inTransaction = false

    /// Opens (creating if needed) the database file at `path`; `":memory:"` makes a private in-memory one.
    init(path: String) throws(SQLiteError) {
        var handle: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let code = sqlite3_open_v2(path, &handle, flags, nil)
        guard code == SQLITE_OK else {
            let error = SQLiteError(code: code, handle: handle)
            sqlite3_close_v2(handle)
            throw error
        }
        self.handle = handle
        sqlite3_extended_result_codes(handle, 1)
        sqlite3_busy_timeout(handle, 5000)
        try execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;")
    }

    deinit { close() }

    /// Runs one or more statements that return nothing and take no parameters (schema changes, pragmas).
    func execute(_ sql: String) throws(SQLiteError) {
        var message: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(handle, sql, nil, nil, &message)
        guard code == SQLITE_OK else {
            let text = message.map { String(cString: $0) } ?? String(cString: sqlite3_errstr(code))
            sqlite3_free(message)
            throw SQLiteError(code: code, message: text)
        }
    }

    /// The compiled statement for `sql`, compiled on first use and kept for the life of the database.
    func prepare(_ sql: String) throws(SQLiteError) -> SQLiteStatement {
        if let cached = statements[sql] { return cached }
        let statement = try SQLiteStatement(sql: sql, database: self)
        statements[sql] = statement
        return statement
    }

    /// Shorthand: prepare (or reuse) `sql` and return its rows.
    func rows(_ sql: String, _ values: [SQLiteValue] = []) throws(SQLiteError) -> [[SQLiteValue]] {
        try prepare(sql).rows(values)
    }

    /// Shorthand: prepare (or reuse) `sql` and run it.
    func run(_ sql: String, _ values: [SQLiteValue] = []) throws(SQLiteError) {
        try prepare(sql).run(values)
    }

    /// The rowid of the last INSERT on this connection: the new message's id.
    var lastInsertRowID: Int { Int(sqlite3_last_insert_rowid(handle)) }

    /// Rows changed by the last INSERT, UPDATE or DELETE: 0 means "nothing matched".
    var changes: Int { Int(sqlite3_changes(handle)) }

    /// Runs `body` in one transaction: every change it makes is committed together, or none is.
    ///
    /// `BEGIN IMMEDIATE` takes the write lock at once, so a conflict shows up at `BEGIN` rather than halfway.
    /// If `body` throws, the transaction is rolled back and the error rethrown. When this returns, COMMIT
    /// has returned: with `synchronous=FULL`, the changes are on disk.
    func transaction<T>(_ body: () throws -> T) throws -> T {
        // The store's own code nests transactions or not; no request can.
        precondition(!inTransaction, "SQLiteDatabase.transaction cannot be nested")
        try execute("BEGIN IMMEDIATE")
        inTransaction = true
        defer { inTransaction = false }
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    /// Finalizes the statements and closes the file. Called on shutdown: the last connection to close a WAL
    /// database checkpoints it, folding the log back into the main file.
    func close() {
        statements.removeAll()
        guard let handle else { return }
        sqlite3_close_v2(handle)
        self.handle = nil
    }
}
