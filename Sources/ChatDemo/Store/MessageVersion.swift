// SPDX-License-Identifier: MIT

import SIOJSON

/// One edit of a message: the text the edit set, and when. The message row holds the current text; its
/// versions are its edit history, newest last (the `version-create` / `version-delete` events of the
/// Localful Socket.IO reference, where a version is a new content of an item and an item is a message here).
struct MessageVersion: Sendable, Hashable {
    let id: Int
    let messageID: Int
    let roomID: Int
    let text: String
    let created: Int

    /// `{"id":3,"messageId":7,"roomId":1,"text":"hi, edited","created":1767225600000}`
    var json: JSON {
        [
            "id": .number(Double(id)), "messageId": .number(Double(messageID)), "roomId": .number(Double(roomID)),
            "text": .string(text), "created": .number(Double(created)),
        ]
    }

    /// The columns `ChatStore` selects for a version (`v` is `message_versions`, `m` its message), in this order.
    static let columns = "v.id, v.message_id, m.room_id, v.text, v.created"

    init(row: [SQLiteValue]) {
        id = row[0].int
        messageID = row[1].int
        roomID = row[2].int
        text = row[3].string
        created = row[4].int
    }
}
