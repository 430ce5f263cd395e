// SPDX-License-Identifier: MIT

import SIOJSON

/// A chat room: a public room anyone may join, or the direct conversation of two users.
///
/// A direct message is simply a message in a direct room, so one code path stores, acknowledges and
/// broadcasts every message; only the notification differs (`direct` instead of `mention`).
struct ChatRoom: Sendable, Hashable {
    enum Kind: String, Sendable {
        case `public`
        case direct
    }

    let id: Int
    let name: String
    let topic: String
    let kind: Kind
    /// `nil` once the creator's account is deleted.
    let createdBy: Int?
    let created: Int
    let memberCount: Int

    /// `{"id":1,"name":"general","topic":"","kind":"public","createdBy":1,"created":...,"members":3}`
    var json: JSON {
        [
            "id": .number(Double(id)), "name": .string(name), "topic": .string(topic), "kind": .string(kind.rawValue),
            "createdBy": createdBy.map { .number(Double($0)) } ?? .null, "created": .number(Double(created)),
            "members": .number(Double(memberCount)),
        ]
    }

    /// The columns `ChatStore` selects for a room (alias `r`), in this order.
    static let columns = """
        r.id, r.name, r.topic, r.kind, r.created_by, r.created,
        (SELECT COUNT(*) FROM memberships m WHERE m.room_id = r.id)
        """

    init(row: [SQLiteValue]) {
        id = row[0].int
        name = row[1].string
        topic = row[2].string
        kind = Kind(rawValue: row[3].string) ?? .public
        createdBy = row[4].optionalInt
        created = row[5].int
        memberCount = row[6].int
    }
}
