// SPDX-License-Identifier: MIT

import SIOJSON

/// Something a user should see even if they were not looking: a mention (`@name`) or a direct message.
///
/// It is stored (not only emitted) so that a user who was offline finds it later, with an unread count.
/// It copies the author's name and an excerpt of the text, so it still reads well if the message is deleted.
struct ChatNotification: Sendable, Hashable {
    enum Kind: String, Sendable {
        case mention
        case direct
    }

    let id: Int
    let userID: Int
    let kind: Kind
    let messageID: Int?
    let roomID: Int
    let actorName: String
    let excerpt: String
    let isRead: Bool
    let created: Int

    /// `{"id":3,"kind":"mention","messageId":7,"roomId":1,"from":"bob","excerpt":"hi @alice","read":false,...}`
    var json: JSON {
        [
            "id": .number(Double(id)), "kind": .string(kind.rawValue),
            "messageId": messageID.map { .number(Double($0)) } ?? .null, "roomId": .number(Double(roomID)),
            "from": .string(actorName), "excerpt": .string(excerpt), "read": .bool(isRead),
            "created": .number(Double(created)),
        ]
    }

    static let columns = "id, user_id, kind, message_id, room_id, actor_name, excerpt, read, created"

    init(row: [SQLiteValue]) {
        id = row[0].int
        userID = row[1].int
        kind = Kind(rawValue: row[2].string) ?? .mention
        messageID = row[3].optionalInt
        roomID = row[4].int
        actorName = row[5].string
        excerpt = row[6].string
        isRead = row[7].bool
        created = row[8].int
    }
}
