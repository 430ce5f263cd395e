// SPDX-License-Identifier: MIT

import CSQLite

/// An error reported by SQLite: its result code and its English message.
///
/// The store turns the few errors a user can cause (a name already taken: `SQLITE_CONSTRAINT`) into API
/// errors; any other code means the disk, the file or the program is broken, and is logged as is.
struct SQLiteError: Error, CustomStringConvertible {
    /// The primary result code (`SQLITE_CONSTRAINT`, `SQLITE_BUSY`, ...; see sqlite.org/rescode.html).
    let code: Int32
    let message: String

    /// A UNIQUE, NOT NULL, CHECK or FOREIGN KEY constraint refused the change.
    var isConstraintViolation: Bool { code & 0xFF == SQLITE_CONSTRAINT }

    var description: String { "SQLite error \(code): \(message)" }

    /// The error SQLite last recorded on `handle` for `code`.
    init(code: Int32, handle: OpaquePointer?) {
        self.code = code
        if let handle, let text = sqlite3_errmsg(handle) {
            message = String(cString: text)
        } else {
            message = String(cString: sqlite3_errstr(code))
        }
    }

    init(code: Int32, message: String) {
        self.code = code
        self.message = message
    }
}
