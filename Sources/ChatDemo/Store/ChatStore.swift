// SPDX-License-Identifier: MIT

import Foundation

/// The app's data: users, rooms, memberships, messages and notifications, in one SQLite file.
///
/// Every method is a short typed query; the `+Users`, `+Rooms`, `+Messages` and `+Notifications` files hold
/// them by table. Methods that change several rows (posting a message with its notifications, deleting a
/// user) run in one transaction, so a crash never leaves half of a change.
///
/// ### Why on the event loop thread
/// The store is used directly from the loop's handlers, with no thread of its own. Each query touches a few
/// rows through an index and takes microseconds; a COMMIT waits for one `fsync` of the write-ahead log
/// (well under a millisecond on an SSD, a few ms on a slow disk). For a small team's chat that is a small
/// pause for the other connections, and it buys a lot of simplicity:
/// - no locks and no callbacks: a handler reads, writes and acknowledges in order, in one place;
/// - the acknowledgement of a message is sent right after its COMMIT returned, so "acknowledged" means "on
///   disk" by construction;
/// - a shutdown (SIGTERM) runs on the loop too, so it can never interrupt a write halfway.
/// The one slow thing the server does, hashing passwords (PBKDF2, deliberately slow), runs on another
/// thread (see `PasswordHasher`). A busier server would move the store to a thread of its own and hop back
/// with `loop.execute`, trading this simplicity for throughput.
final class ChatStore {
    let database: SQLiteDatabase
    /// Milliseconds since 1970; injected so tests choose the time.
    let clock: () -> Int

    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    init(path: String, clock: @escaping () -> Int = ChatStore.systemMilliseconds) throws {
        database = try SQLiteDatabase(path: path)
        self.clock = clock
        try Schema.migrate(database)
    }

    /// Wall-clock milliseconds since 1970.
    static func systemMilliseconds() -> Int {
        Int((Date().timeIntervalSince1970 * 1000).rounded())
    }

    /// Runs a write whose only expected failure is a UNIQUE constraint (a name already taken), reported as
    /// `conflict`; any other SQLite error is rethrown as is.
    func run(_ sql: String, _ values: [SQLiteValue], conflict: ChatError) throws {
        do {
            try database.run(sql, values)
        } catch {
            if error.isConstraintViolation { throw conflict }
            throw error
        }
    }

    /// False once `close` ran (`/ready` reports it).
    var isOpen: Bool { database.handle != nil }

    /// Checkpoints the write-ahead log into the main file and closes it (on shutdown).
    func close() {
        database.close()
    }
}
