// SPDX-License-Identifier: MIT

import SIOJSON

/// A stored chat message. Its `id` grows with every message ever stored (AUTOINCREMENT never reuses the id
/// of a deleted message), so "the 50 messages before id N" is a stable page.
struct Message: Sendable, Hashable {
    let id: Int
    let roomID: Int
    /// `nil` once the author's account is deleted; `authorName` keeps what was shown.
    let authorID: Int?
    let authorName: String
    let text: String
    /// The sender's own id for the message, if it gave one: sending it again returns the stored message
    /// instead of storing a copy (a client that lost the acknowledgement in a reconnect can safely resend).
    let clientID: String?
    let created: Int

    /// `{"id":7,"roomId":1,"authorId":2,"author":"bob","text":"hi","clientId":null,"created":...}`
    var json: JSON {
        [
            "id": .number(Double(id)), "roomId": .number(Double(roomID)),
            "authorId": authorID.map { .number(Double($0)) } ?? .null, "author": .string(authorName),
            "text": .string(text), "clientId": clientID.map(JSON.string) ?? .null, "created": .number(Double(created)),
        ]
    }

    static let columns = "id, room_id, author_id, author_name, text, client_id, created"

    init(row: [SQLiteValue]) {
        id = row[0].int
        roomID = row[1].int
        authorID = row[2].optionalInt
        authorName = row[3].string
        text = row[4].string
        clientID = row[5].optionalString
        created = row[6].int
    }
}
