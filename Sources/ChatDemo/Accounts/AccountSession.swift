// SPDX-License-Identifier: MIT

import SIOJSON

/// What a successful register or login returns: the user, a token, and the device group id inside it.
struct AccountSession: Sendable {
    let user: User
    let token: String
    let groupID: String

    /// `{"user":{...},"token":"eyJ...","gid":"..."}`
    var json: JSON { ["user": user.json, "token": .string(token), "gid": .string(groupID)] }
}
