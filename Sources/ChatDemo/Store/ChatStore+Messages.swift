// SPDX-License-Identifier: MIT

extension ChatStore {
    /// Stores a message and the notifications it causes, in one transaction.
    ///
    /// Notifications: in a direct room, the other member gets a `direct` one; elsewhere, every existing
    /// user named with `@name` (except the author) gets a `mention`. Both are rows of the same commit as
    /// the message, so a crash cannot keep one without the other.
    ///
    /// If the author already stored a message with the same `clientID`, that message is returned with
    /// `isDuplicate` set and nothing is written: a client that never saw its acknowledgement (the
    /// connection dropped) can resend without creating a copy.
    func postMessage(room: ChatRoom, author: User, text: String, clientID: String?) throws -> PostedMessage {
        try database.transaction {
            if let clientID, let existing = try database.rows(
                "SELECT \(Message.columns) FROM messages WHERE author_id = ? AND client_id = ?",
                [SQLiteValue(author.id), .text(clientID)]
            ).first {
                return PostedMessage(message: Message(row: existing), notifications: [], isDuplicate: true)
            }
            let created = clock()
            try database.run(
                "INSERT INTO messages (room_id, author_id, author_name, text, client_id, created) VALUES (?, ?, ?, ?, ?, ?)",
                [SQLiteValue(room.id), SQLiteValue(author.id), .text(author.name), .text(text), SQLiteValue(clientID),
                 SQLiteValue(created)])
            // The row was inserted by the line above, in the same transaction.
            let message = try self.message(id: database.lastInsertRowID)!
            var notifications: [ChatNotification] = []
            for (userID, kind) in try recipients(of: text, in: room, author: author) {
                notifications.append(try insertNotification(userID: userID, kind: kind, message: message))
            }
            return PostedMessage(message: message, notifications: notifications, isDuplicate: false)
        }
    }

    /// Who gets a notification for `text`: the other members of a direct room, or the users mentioned.
    private func recipients(of text: String, in room: ChatRoom, author: User) throws -> [(Int, ChatNotification.Kind)] {
        if room.kind == .direct {
            return try members(of: room.id).filter { $0.id != author.id }.map { ($0.id, .direct) }
        }
        var result: [(Int, ChatNotification.Kind)] = []
        for name in Mentions.names(in: text) {
            if let user = try user(named: name), user.id != author.id { result.append((user.id, .mention)) }
        }
        return result
    }

    private func insertNotification(userID: Int, kind: ChatNotification.Kind, message: Message) throws -> ChatNotification {
        let excerpt = message.text.count > 140 ? String(message.text.prefix(139)) + "…" : message.text
        try database.run(
            "INSERT INTO notifications (user_id, kind, message_id, room_id, actor_name, excerpt, created) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [SQLiteValue(userID), .text(kind.rawValue), SQLiteValue(message.id), SQLiteValue(message.roomID),
             .text(message.authorName), .text(excerpt), SQLiteValue(message.created)])
        // The row was inserted just above, in the same transaction.
        return try notification(id: database.lastInsertRowID)!
    }

    func message(id: Int) throws -> Message? {
        try database.rows("SELECT \(Message.columns) FROM messages WHERE id = ?", [SQLiteValue(id)]).first.map(Message.init)
    }

    /// A page of a room's history: the `limit` newest messages with an id below `before` (all when `nil`),
    /// returned oldest first, ready to display. The next page asks `before` the first id of this one.
    func messages(roomID: Int, before: Int?, limit: Int) throws -> [Message] {
        let sql = """
            SELECT \(Message.columns) FROM messages WHERE room_id = ? AND id < ? ORDER BY id DESC LIMIT ?
            """
        return try database.rows(sql, [SQLiteValue(roomID), SQLiteValue(before ?? Int.max), SQLiteValue(limit)])
            .map(Message.init).reversed()
    }

    /// Deletes a message (its notifications stay, pointing nowhere). False if it did not exist.
    func deleteMessage(id: Int) throws -> Bool {
        try database.run("DELETE FROM messages WHERE id = ?", [SQLiteValue(id)])
        return database.changes > 0
    }

    /// How many messages a room holds (for tests and the admin panel).
    func messageCount(roomID: Int) throws -> Int {
        try database.rows("SELECT COUNT(*) FROM messages WHERE room_id = ?", [SQLiteValue(roomID)]).first?.first?.int ?? 0
    }
}
