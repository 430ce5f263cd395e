// SPDX-License-Identifier: MIT

extension ChatStore {
    /// Replaces a message's text and records the edit as a new version, in one transaction. `nil` if there is
    /// no such message. The caller checks the limit on versions first (`versionCount`).
    func editMessage(id: Int, text: String) throws -> (message: Message, version: MessageVersion)? {
        try database.transaction {
            try database.run("UPDATE messages SET text = ? WHERE id = ?", [.text(text), SQLiteValue(id)])
            guard database.changes > 0 else { return nil }
            try database.run(
                "INSERT INTO message_versions (message_id, text, created) VALUES (?, ?, ?)",
                [SQLiteValue(id), .text(text), SQLiteValue(clock())])
            // Both rows were written just above, in the same transaction.
            return (try message(id: id)!, try version(id: database.lastInsertRowID)!)
        }
    }

    func version(id: Int) throws -> MessageVersion? {
        let sql = "SELECT \(MessageVersion.columns) FROM message_versions v JOIN messages m ON m.id = v.message_id WHERE v.id = ?"
        return try database.rows(sql, [SQLiteValue(id)]).first.map(MessageVersion.init)
    }

    /// A message's versions, oldest first.
    func versions(messageID: Int) throws -> [MessageVersion] {
        let sql = """
            SELECT \(MessageVersion.columns) FROM message_versions v JOIN messages m ON m.id = v.message_id
            WHERE v.message_id = ? ORDER BY v.id
            """
        return try database.rows(sql, [SQLiteValue(messageID)]).map(MessageVersion.init)
    }

    func versionCount(messageID: Int) throws -> Int {
        try database.rows("SELECT COUNT(*) FROM message_versions WHERE message_id = ?", [SQLiteValue(messageID)])
            .first?.first?.int ?? 0
    }

    /// Deletes a version from the history (the message keeps its current text). False if it did not exist.
    func deleteVersion(id: Int) throws -> Bool {
        try database.run("DELETE FROM message_versions WHERE id = ?", [SQLiteValue(id)])
        return database.changes > 0
    }
}
