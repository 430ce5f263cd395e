// SPDX-License-Identifier: MIT

import SIOJSON

/// An account, as the API and the events show it (the password never leaves the store).
struct User: Sendable, Hashable {
    let id: Int
    let name: String
    let isAdmin: Bool
    /// Milliseconds since 1970, like JavaScript's `Date.now()`.
    let created: Int

    /// `{"id":1,"name":"alice","admin":false,"created":1767225600000}`
    var json: JSON {
        ["id": .number(Double(id)), "name": .string(name), "admin": .bool(isAdmin), "created": .number(Double(created))]
    }

    /// The public user of the audiobookshelf events (`user_online`, `user_offline`, `user_added`,
    /// `user_removed`, `init`'s `usersOnline`): `json` plus `username` and `type` (`admin` or `user`), the
    /// names that seed reads.
    var publicJSON: JSON {
        guard case .object(var object) = json else { return json }
        object["username"] = .string(name)
        object["type"] = .string(isAdmin ? "admin" : "user")
        return .object(object)
    }

    /// The columns `ChatStore` selects for a user, in this order.
    static let columns = "id, name, admin, created"

    init(id: Int, name: String, isAdmin: Bool, created: Int) {
        self.id = id
        self.name = name
        self.isAdmin = isAdmin
        self.created = created
    }

    init(row: [SQLiteValue]) {
        self.init(id: row[0].int, name: row[1].string, isAdmin: row[2].bool, created: row[3].int)
    }
}
