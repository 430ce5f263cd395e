// SPDX-License-Identifier: MIT

extension ChatStore {
    func notification(id: Int) throws -> ChatNotification? {
        try database.rows("SELECT \(ChatNotification.columns) FROM notifications WHERE id = ?", [SQLiteValue(id)])
            .first.map(ChatNotification.init)
    }

    /// A user's notifications, newest first: `limit` of them with an id below `before` (all when `nil`).
    func notifications(userID: Int, unreadOnly: Bool, before: Int?, limit: Int) throws -> [ChatNotification] {
        let sql = """
            SELECT \(ChatNotification.columns) FROM notifications
            WHERE user_id = ? AND id < ? AND (read = 0 OR ? = 0) ORDER BY id DESC LIMIT ?
            """
        return try database.rows(
            sql, [SQLiteValue(userID), SQLiteValue(before ?? Int.max), SQLiteValue(unreadOnly), SQLiteValue(limit)]
        ).map(ChatNotification.init)
    }

    /// What the bell shows.
    func unreadCount(userID: Int) throws -> Int {
        try database.rows("SELECT COUNT(*) FROM notifications WHERE user_id = ? AND read = 0", [SQLiteValue(userID)])
            .first?.first?.int ?? 0
    }

    /// Marks one of `userID`'s notifications read. `nil` when it does not exist or belongs to someone else:
    /// the caller answers 404 in both cases, so ids of other users' notifications cannot be probed.
    func markRead(notificationID: Int, userID: Int) throws -> ChatNotification? {
        try database.run(
            "UPDATE notifications SET read = 1 WHERE id = ? AND user_id = ?", [SQLiteValue(notificationID), SQLiteValue(userID)])
        guard let notification = try notification(id: notificationID), notification.userID == userID else { return nil }
        return notification
    }

    /// Marks every notification of `userID` read; returns the ids that changed.
    func markAllRead(userID: Int) throws -> [Int] {
        try database.transaction {
            let ids = try database.rows(
                "SELECT id FROM notifications WHERE user_id = ? AND read = 0 ORDER BY id", [SQLiteValue(userID)]
            ).map { $0[0].int }
            try database.run("UPDATE notifications SET read = 1 WHERE user_id = ? AND read = 0", [SQLiteValue(userID)])
            return ids
        }
    }
}
