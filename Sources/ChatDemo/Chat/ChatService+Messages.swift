// SPDX-License-Identifier: MIT

import SIOServer

extension ChatService {
    /// A page of a room's history for a member, oldest first.
    func history(_ user: User, roomID: Int, before: Int?, limit: Int) throws(ChatError) -> [Message] {
        guard (1...Limits.maxPageSize).contains(limit) else { throw .badRequest("limit must be 1 to \(Limits.maxPageSize)") }
        _ = try memberRoom(roomID, for: Origin(user: user, groupID: nil), "reading room \(roomID)")
        return try storing("reading messages") { try store.messages(roomID: roomID, before: before, limit: limit) }
    }

    /// Stores a message from a member, then broadcasts it and delivers its notifications.
    ///
    /// The returned message is committed: callers acknowledge it (socket ack, HTTP 201) only now. A resend
    /// with the same `clientID` returns the stored message and broadcasts nothing again.
    func postMessage(_ origin: Origin, roomID: Int, text: String, clientID: String?) throws(ChatError) -> Message {
        try Limits.checkMessageText(text)
        if let clientID { try Limits.checkClientID(clientID) }
        let room = try memberRoom(roomID, for: origin, "posting to room \(roomID)")
        let posted = try storing("storing a message") {
            try store.postMessage(room: room, author: origin.user, text: text, clientID: clientID)
        }
        guard !posted.isDuplicate else { return posted.message }
        logger.debug("message #\(posted.message.id) by \(origin.user.name) in room #\(roomID)")
        sink?.emit("message-create", ["message": posted.message.json], to: .subscribers(roomID: roomID), except: origin)
        for notification in posted.notifications {
            let unread = (try? store.unreadCount(userID: notification.userID)) ?? 0
            sink?.emit(
                "new-notification", ["notification": notification.json, "unread": .number(Double(unread))],
                to: .user(notification.userID), except: nil)
        }
        return posted.message
    }

    /// Deletes a message: its author or an admin.
    func deleteMessage(_ origin: Origin, messageID: Int) throws(ChatError) {
        let message = try visibleMessage(messageID, for: origin.user)
        guard message.authorID == origin.user.id || origin.user.isAdmin else {
            throw refuse(.forbidden("only the author or an admin may delete a message"), origin, "deleting message \(messageID)")
        }
        _ = try storing("deleting a message") { try store.deleteMessage(id: messageID) }
        sink?.emit(
            "message-delete", ["id": .number(Double(messageID)), "roomId": .number(Double(message.roomID))],
            to: .subscribers(roomID: message.roomID), except: origin)
    }

    // MARK: Notifications

    func notifications(_ user: User, unreadOnly: Bool, before: Int?, limit: Int) throws(ChatError) -> (list: [ChatNotification], unread: Int) {
        guard (1...Limits.maxPageSize).contains(limit) else { throw .badRequest("limit must be 1 to \(Limits.maxPageSize)") }
        return try storing("reading notifications") {
            (try store.notifications(userID: user.id, unreadOnly: unreadOnly, before: before, limit: limit),
             try store.unreadCount(userID: user.id))
        }
    }

    func unreadCount(_ user: User) throws(ChatError) -> Int {
        try storing("counting notifications") { try store.unreadCount(userID: user.id) }
    }

    /// Marks a notification read; every socket of the user gets `updated-notification`, the requesting
    /// device included (its other tabs must update their bell too).
    func markRead(_ user: User, notificationID: Int) throws(ChatError) -> (notification: ChatNotification, unread: Int) {
        let result = try storing("marking a notification read") { () -> (ChatNotification, Int)? in
            guard let notification = try store.markRead(notificationID: notificationID, userID: user.id) else { return nil }
            return (notification, try store.unreadCount(userID: user.id))
        }
        guard let (notification, unread) = result else { throw .notFound("notification \(notificationID) not found") }
        sink?.emit(
            "updated-notification", ["notification": notification.json, "unread": .number(Double(unread))],
            to: .user(user.id), except: nil)
        return (notification, unread)
    }

    /// Marks every notification read; one `updated-notification` per notification that changed.
    func markAllRead(_ user: User) throws(ChatError) -> Int {
        let ids = try storing("marking notifications read") { try store.markAllRead(userID: user.id) }
        let unread = try unreadCount(user)
        for id in ids {
            guard let notification = try storing("reading a notification", { try store.notification(id: id) }) else { continue }
            sink?.emit(
                "updated-notification", ["notification": notification.json, "unread": .number(Double(unread))],
                to: .user(user.id), except: nil)
        }
        return ids.count
    }
}
