// SPDX-License-Identifier: MIT

/// The database schema, as an ordered list of migrations.
///
/// SQLite keeps a free integer in the file header, `PRAGMA user_version`; here it counts the migrations
/// applied. On start, the store runs the missing ones in order, each in its own transaction together with
/// the version bump, so a crash halfway leaves the previous version intact. To change the schema, append a
/// migration; never edit one that has shipped (existing databases have already run it).
///
/// Times are integers in milliseconds since 1970 (what JavaScript's `Date` takes). Ids are
/// `INTEGER PRIMARY KEY AUTOINCREMENT`: the id is the rowid, and AUTOINCREMENT guarantees a deleted
/// message's id is never given to a new one, so clients can page with "before id N" safely.
enum Schema {
    static let migrations: [String] = [
        """
        CREATE TABLE users (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE,
            password_hash BLOB NOT NULL,
            password_salt BLOB NOT NULL,
            password_iterations INTEGER NOT NULL,
            admin INTEGER NOT NULL DEFAULT 0,
            created INTEGER NOT NULL
        );
        CREATE TABLE rooms (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL,
            topic TEXT NOT NULL DEFAULT '',
            kind TEXT NOT NULL CHECK (kind IN ('public', 'direct')),
            direct_key TEXT UNIQUE,
            created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
            created INTEGER NOT NULL
        );
        CREATE UNIQUE INDEX rooms_public_name ON rooms(name COLLATE NOCASE) WHERE kind = 'public';
        CREATE TABLE memberships (
            room_id INTEGER NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
            user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            joined INTEGER NOT NULL,
            PRIMARY KEY (room_id, user_id)
        ) WITHOUT ROWID;
        CREATE INDEX memberships_user ON memberships(user_id);
        CREATE TABLE messages (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            room_id INTEGER NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
            author_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
            author_name TEXT NOT NULL,
            text TEXT NOT NULL,
            client_id TEXT,
            created INTEGER NOT NULL
        );
        CREATE INDEX messages_room ON messages(room_id, id);
        CREATE UNIQUE INDEX messages_client ON messages(author_id, client_id) WHERE client_id IS NOT NULL;
        CREATE TABLE notifications (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            kind TEXT NOT NULL CHECK (kind IN ('mention', 'direct')),
            message_id INTEGER REFERENCES messages(id) ON DELETE SET NULL,
            room_id INTEGER NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
            actor_name TEXT NOT NULL,
            excerpt TEXT NOT NULL,
            read INTEGER NOT NULL DEFAULT 0,
            created INTEGER NOT NULL
        );
        CREATE INDEX notifications_user ON notifications(user_id, read, id);
        """,
        // 2: an optional email per account (user-email-change), and the edit history of messages (each edit is
        // a version: version-create / version-delete).
        """
        ALTER TABLE users ADD COLUMN email TEXT;
        CREATE TABLE message_versions (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
            text TEXT NOT NULL,
            created INTEGER NOT NULL
        );
        CREATE INDEX message_versions_message ON message_versions(message_id, id);
        """,
    ]

    /// Brings `database` up to the latest version; returns how many migrations ran.
    @discardableResult
    static func migrate(_ database: SQLiteDatabase) throws -> Int {
        let current = try database.rows("PRAGMA user_version").first?.first?.int ?? 0
        guard current <= migrations.count else {
            throw SQLiteError(code: 1, message: "the database has schema version \(current), newer than this program (\(migrations.count))")
        }
        for version in current..<migrations.count {
            try database.transaction {
                try database.execute(migrations[version])
                try database.execute("PRAGMA user_version = \(version + 1)")
            }
        }
        return migrations.count - current
    }
}
