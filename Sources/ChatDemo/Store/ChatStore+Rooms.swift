// SPDX-License-Identifier: MIT

extension ChatStore {
    /// Creates a public room; its creator becomes its first member.
    /// - Throws: `ChatError.conflict` when a public room already has that name (case aside).
    func createRoom(name: String, topic: String, creator: User) throws -> ChatRoom {
        try database.transaction {
            try run(
                "INSERT INTO rooms (name, topic, kind, created_by, created) VALUES (?, ?, 'public', ?, ?)",
                [.text(name), .text(topic), SQLiteValue(creator.id), SQLiteValue(clock())],
                conflict: .conflict("a room named '\(name)' already exists"))
            let id = database.lastInsertRowID
            _ = try join(roomID: id, userID: creator.id)
            // `id` was just inserted or found, in the same transaction.
            return try room(id: id)!
        }
    }

    /// The direct room of two users, created (with both as members) on first use.
    func directRoom(between first: User, and second: User) throws -> (room: ChatRoom, created: Bool) {
        let key = "\(min(first.id, second.id)):\(max(first.id, second.id))"
        if let row = try database.rows("SELECT \(ChatRoom.columns) FROM rooms r WHERE direct_key = ?", [.text(key)]).first {
            return (ChatRoom(row: row), false)
        }
        let names = [first.name, second.name].sorted { $0.lowercased() < $1.lowercased() }.joined(separator: ", ")
        return try database.transaction {
            try database.run(
                "INSERT INTO rooms (name, topic, kind, direct_key, created_by, created) VALUES (?, '', 'direct', ?, ?, ?)",
                [.text(names), .text(key), SQLiteValue(first.id), SQLiteValue(clock())])
            let id = database.lastInsertRowID
            _ = try join(roomID: id, userID: first.id)
            _ = try join(roomID: id, userID: second.id)
            // `id` was just inserted, in the same transaction.
            return (try room(id: id)!, true)
        }
    }

    func room(id: Int) throws -> ChatRoom? {
        try database.rows("SELECT \(ChatRoom.columns) FROM rooms r WHERE r.id = ?", [SQLiteValue(id)]).first.map(ChatRoom.init)
    }

    /// The rooms `userID` can see: every public room, and the direct rooms they are in.
    func rooms(visibleTo userID: Int) throws -> [ChatRoom] {
        let sql = """
            SELECT \(ChatRoom.columns) FROM rooms r
            WHERE r.kind = 'public' OR EXISTS (SELECT 1 FROM memberships m WHERE m.room_id = r.id AND m.user_id = ?)
            ORDER BY r.kind DESC, r.name COLLATE NOCASE
            """
        return try database.rows(sql, [SQLiteValue(userID)]).map(ChatRoom.init)
    }

    /// Renames a room or changes its topic (a `nil` argument keeps the current value).
    func updateRoom(id: Int, name: String?, topic: String?) throws -> ChatRoom? {
        try run(
            "UPDATE rooms SET name = COALESCE(?, name), topic = COALESCE(?, topic) WHERE id = ?",
            [SQLiteValue(name), SQLiteValue(topic), SQLiteValue(id)],
            conflict: .conflict("a room named '\(name ?? "")' already exists"))
        return try room(id: id)
    }

    /// Deletes a room with its memberships, messages and notifications (ON DELETE CASCADE).
    func deleteRoom(id: Int) throws -> Bool {
        try database.run("DELETE FROM rooms WHERE id = ?", [SQLiteValue(id)])
        return database.changes > 0
    }

    /// Adds a member; false if they already were one.
    func join(roomID: Int, userID: Int) throws -> Bool {
        try database.run(
            "INSERT OR IGNORE INTO memberships (room_id, user_id, joined) VALUES (?, ?, ?)",
            [SQLiteValue(roomID), SQLiteValue(userID), SQLiteValue(clock())])
        return database.changes > 0
    }

    /// Removes a member; false if they were not one.
    func leave(roomID: Int, userID: Int) throws -> Bool {
        try database.run("DELETE FROM memberships WHERE room_id = ? AND user_id = ?", [SQLiteValue(roomID), SQLiteValue(userID)])
        return database.changes > 0
    }

    func isMember(roomID: Int, userID: Int) throws -> Bool {
        try !database.rows(
            "SELECT 1 FROM memberships WHERE room_id = ? AND user_id = ?", [SQLiteValue(roomID), SQLiteValue(userID)]
        ).isEmpty
    }

    /// The ids of the rooms `userID` is a member of, ascending.
    func roomIDs(of userID: Int) throws -> [Int] {
        try database.rows("SELECT room_id FROM memberships WHERE user_id = ? ORDER BY room_id", [SQLiteValue(userID)]).map { $0[0].int }
    }

    /// The members of a room, by name.
    func members(of roomID: Int) throws -> [User] {
        let sql = """
            SELECT u.id, u.name, u.admin, u.created FROM users u JOIN memberships m ON m.user_id = u.id
            WHERE m.room_id = ? ORDER BY u.name
            """
        return try database.rows(sql, [SQLiteValue(roomID)]).map(User.init)
    }
}
