// SPDX-License-Identifier: MIT

import SIOAuth
import SIOJSON
import SIOServer
import Synchronization

/// One notification, for one user or for one device group (the `gid` claim of the tokens).
struct NotificationRecord: Sendable {
    let id: Int
    /// The user it is for (`sub`), or `nil` for a device-group notification.
    let user: String?
    /// The device group it is for (`gid`), or `nil` for a user notification.
    let group: String?
    let text: String
    var read = false

    /// The room of the sockets that see it. Sockets join these rooms only once authenticated
    /// (`Authenticator.onAuthenticated` in main.swift), so a room broadcast never reaches a pending socket.
    var room: Room { user.map { "user:" + $0 } ?? "group:" + (group ?? "") }

    /// Whether the bearer of `claims` may see it and mark it read.
    func isVisible(to claims: JWTClaims) -> Bool {
        if let user { return user == claims.subject }
        return group != nil && group == claims.groupID
    }

    /// `{"id":1,"user":"alice","text":"...","read":false}` (or `"group"` instead of `"user"`).
    var json: JSON {
        var object: JSONObject = ["id": .number(Double(id))]
        if let user { object["user"] = .string(user) }
        if let group { object["group"] = .string(group) }
        object["text"] = .string(text)
        object["read"] = .bool(read)
        return .object(object)
    }
}

/// The notifications, in memory: the step is about delivery, not storage (ChatDemo keeps them in SQLite).
/// Shared by every loop (`--loops`), whose HTTP handlers read and change it, hence the `Mutex`.
final class NotificationStore: Sendable {
    private let records = Mutex<[NotificationRecord]>([])

    /// Adds a notification and returns it with its id (1, 2, 3, ...).
    func add(user: String?, group: String?, text: String) -> NotificationRecord {
        records.withLock { records in
            let record = NotificationRecord(id: records.count + 1, user: user, group: group, text: text)
            records.append(record)
            return record
        }
    }

    func record(id: Int) -> NotificationRecord? {
        records.withLock { $0.indices.contains(id - 1) ? $0[id - 1] : nil }
    }

    /// Marks a notification read and returns it.
    func markRead(id: Int) -> NotificationRecord? {
        records.withLock { records in
            guard records.indices.contains(id - 1) else { return nil }
            records[id - 1].read = true
            return records[id - 1]
        }
    }

    /// What the bearer of `claims` sees, oldest first.
    func visible(to claims: JWTClaims) -> [NotificationRecord] {
        records.withLock { $0.filter { $0.isVisible(to: claims) } }
    }
}
